// The tab's icon with a badge counting unread lines: the page's own
// favicon.svg drawn on a canvas, a red disc with the count over its corner,
// set as the icon. With nothing unread it is the plain favicon again.

const SIZE = 64;
const BADGE_COLOUR = "#c8102e";

export class FaviconBadge {
  constructor(link) {
    this.link = link;
    this.plain = { href: link.getAttribute("href"), type: link.getAttribute("type") };
    this.count = 0;
    this.image = new Image();
    this.image.src = this.plain.href;
    this.loaded = this.image.decode().then(() => true, () => false);
  }

  async show(count) {
    this.count = count;
    if (count === 0) {
      this.set(this.plain);
      return;
    }
    const canDraw = await this.loaded;
    // Another count may have come while the image loaded.
    if (!canDraw || this.count !== count) return;
    this.set({ href: draw(this.image, count), type: "image/png" });
  }

  set({ href, type }) {
    this.link.setAttribute("type", type);
    this.link.setAttribute("href", href);
  }
}

function draw(image, count) {
  const canvas = document.createElement("canvas");
  canvas.width = SIZE;
  canvas.height = SIZE;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0, SIZE, SIZE);
  const radius = SIZE * 0.3;
  const centre = SIZE - radius;
  context.beginPath();
  context.arc(centre, radius, radius, 0, 2 * Math.PI);
  context.fillStyle = BADGE_COLOUR;
  context.fill();
  context.fillStyle = "#ffffff";
  context.font = `bold ${Math.round(radius * 1.3)}px sans-serif`;
  context.textAlign = "center";
  context.textBaseline = "middle";
  context.fillText(count > 9 ? "9+" : String(count), centre, radius + 1);
  return canvas.toDataURL("image/png");
}
