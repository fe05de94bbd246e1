// Keeps the page exactly as tall as the part of the screen the player can
// see, so on a phone the command line stays just above the on-screen
// keyboard. `100dvh` in the stylesheet does this where the browser resizes
// the page for the keyboard; the visual viewport covers the browsers that
// instead slide the page under it. Either way the game text shrinks, and
// output.js keeps its newest lines in view.

export function fitToVisibleViewport() {
  const viewport = window.visualViewport;
  if (!viewport) return;
  const fit = () => {
    // Pinch-zooming shrinks the visual viewport too; the page keeps its size.
    if (viewport.scale > 1.01) return;
    document.documentElement.style.setProperty("--visible-height", `${viewport.height}px`);
    window.scrollTo(0, 0);
  };
  viewport.addEventListener("resize", fit);
  fit();
}
