//! The entries a world file holds, in the shape the format asks for but
//! not yet checked against its rules, and how each table is read.
//!
//! In the fields below, `None` for a required key means it is missing or
//! mistyped, which is already reported. The other keys are still checked.

use std::ops::Range;

use toml::Spanned;

use super::fields::Fields;

pub(in crate::game::world) struct WorldSection {
    pub name: Option<Spanned<String>>,
    pub start: Option<Spanned<String>>,
    pub motd: Option<Spanned<String>>,
    pub return_carried_after: Option<Spanned<String>>,
}

/// One `[[rooms]]`, `[[items]]`... table.
pub(in crate::game::world) struct Entry<T> {
    /// Its position in its list: `rooms[3]` has index 3.
    pub index: usize,
    /// How problems name it: `rooms[3] (id "tower")`.
    pub place: String,
    /// Where the table is in the file.
    pub span: Range<usize>,
    pub id: Option<Spanned<String>>,
    pub fields: T,
}

/// A string and where it was written.
pub(in crate::game::world) type Text = Spanned<String>;

/// Keys the file writes as a table: exits, details, topics.
pub(in crate::game::world) type Pairs = Vec<(Text, Text)>;

/// What every named thing (item, door, NPC) may say about its name.
pub(in crate::game::world) struct NameFields {
    pub name: Option<Text>,
    pub aliases: Vec<Text>,
    pub article: Option<Text>,
    pub proper: Option<Spanned<bool>>,
    pub plural: Option<Text>,
}

pub(in crate::game::world) struct RoomFields {
    pub name: Option<Text>,
    pub description: Option<Text>,
    /// Exit words and the room ids they lead to, in file order.
    pub exits: Pairs,
    pub details: Pairs,
    pub dark: bool,
    pub echoes: Vec<Text>,
    pub echo_every: Option<Text>,
}

pub(in crate::game::world) struct ItemFields {
    pub name: NameFields,
    pub description: Option<Text>,
    pub location: Option<Text>,
    pub portable: bool,
    pub container: bool,
    pub closed: Option<Spanned<bool>>,
    pub text: Option<Text>,
    pub light: bool,
    pub lit: Option<Spanned<bool>>,
    pub respawn: Option<Text>,
}

pub(in crate::game::world) struct DoorFields {
    pub name: NameFields,
    pub description: Option<Text>,
    pub exits: Option<Spanned<Vec<Text>>>,
    pub closed: bool,
    pub locked: Option<Spanned<bool>>,
    pub key: Option<Text>,
    pub reset_after: Option<Text>,
}

pub(in crate::game::world) struct NpcFields {
    pub name: NameFields,
    pub description: Option<Text>,
    pub location: Option<Text>,
    pub greeting: Option<Text>,
    pub topics: Pairs,
    pub wander: Vec<Text>,
    pub wander_every: Option<Text>,
    pub refuses: Option<Text>,
    pub no_topic: Option<Text>,
}

pub(in crate::game::world) struct TriggerFields {
    pub on: Option<Text>,
    pub item: Option<Text>,
    pub npc: Option<Text>,
    pub room: Option<Text>,
    pub door: Option<Text>,
    pub words: Vec<Text>,
    pub needs: Option<Text>,
    pub unless: Option<Text>,
    pub once: bool,
    pub npc_say: Option<Text>,
    pub message: Option<Text>,
    pub announce: Option<Text>,
    pub give: Option<Text>,
    pub unlock: Option<Text>,
    pub open: Option<Text>,
    pub set: Option<Text>,
    pub clear: Option<Text>,
    pub move_to: Option<Text>,
}

pub(super) fn read_world(fields: &mut Fields) -> WorldSection {
    WorldSection {
        name: fields.required("name"),
        start: fields.required("start"),
        motd: fields.optional("motd"),
        return_carried_after: fields.optional("return_carried_after"),
    }
}

pub(super) fn read_room(fields: &mut Fields) -> RoomFields {
    RoomFields {
        name: fields.required("name"),
        description: fields.required("description"),
        exits: fields.pairs("exits"),
        details: fields.pairs("details"),
        dark: fields.flag("dark", false),
        echoes: fields.words("echoes"),
        echo_every: fields.optional("echo_every"),
    }
}

fn read_name(fields: &mut Fields) -> NameFields {
    NameFields {
        name: fields.required("name"),
        aliases: fields.words("aliases"),
        article: fields.optional("article"),
        proper: fields.optional("proper"),
        plural: fields.optional("plural"),
    }
}

pub(super) fn read_item(fields: &mut Fields) -> ItemFields {
    ItemFields {
        name: read_name(fields),
        description: fields.required("description"),
        location: fields.required("location"),
        portable: fields.flag("portable", true),
        container: fields.flag("container", false),
        closed: fields.optional("closed"),
        text: fields.optional("text"),
        light: fields.flag("light", false),
        lit: fields.optional("lit"),
        respawn: fields.optional("respawn"),
    }
}

pub(super) fn read_door(fields: &mut Fields) -> DoorFields {
    DoorFields {
        name: read_name(fields),
        description: fields.optional("description"),
        exits: fields.required("exits"),
        closed: fields.flag("closed", true),
        locked: fields.optional("locked"),
        key: fields.optional("key"),
        reset_after: fields.optional("reset_after"),
    }
}

pub(super) fn read_npc(fields: &mut Fields) -> NpcFields {
    NpcFields {
        name: read_name(fields),
        description: fields.required("description"),
        location: fields.required("location"),
        greeting: fields.optional("greeting"),
        topics: fields.pairs("topics"),
        wander: fields.words("wander"),
        wander_every: fields.optional("wander_every"),
        refuses: fields.optional("refuses"),
        no_topic: fields.optional("no_topic"),
    }
}

pub(super) fn read_trigger(fields: &mut Fields) -> TriggerFields {
    TriggerFields {
        on: fields.required("on"),
        item: fields.optional("item"),
        npc: fields.optional("npc"),
        room: fields.optional("room"),
        door: fields.optional("door"),
        words: fields.words("words"),
        needs: fields.optional("needs"),
        unless: fields.optional("unless"),
        once: fields.flag("once", false),
        npc_say: fields.optional("npc_say"),
        message: fields.optional("message"),
        announce: fields.optional("announce"),
        give: fields.optional("give"),
        unlock: fields.optional("unlock"),
        open: fields.optional("open"),
        set: fields.optional("set"),
        clear: fields.optional("clear"),
        move_to: fields.optional("move"),
    }
}
