//! The game: pure rules with no I/O.
pub mod ids;
pub mod world;
