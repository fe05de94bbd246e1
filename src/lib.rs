//! Hearth: a multiplayer text-adventure server in one binary.
pub mod game;
