//! Where each simulated player lives in the world, and how it gets there.
//!
//! The load generator reads the same world file as the server (with the
//! server's own loader), numbers the rooms in breadth-first order from the
//! start, and gives player `i` the home `rooms[i / room_size]`, so homes fill
//! up ten at a time near the start. Players walk home exit by exit, like a
//! person would. For the mixed scenario each player also gets an exit out of
//! its home with a way back, and an item of its own lying there.

use std::collections::{HashMap, VecDeque};

use anyhow::{anyhow, bail};
use hearth::game::World;

/// One player's place in the world.
#[derive(Debug, Clone)]
pub struct Home {
    pub room: String,
    /// Players sharing this home, this one included.
    pub occupants: usize,
}

/// One step of a walk: the exit word typed and the room it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub exit: String,
    pub to: String,
}

/// A short trip out of a home and back.
#[derive(Debug, Clone)]
pub struct Errand {
    pub out: String,
    pub away: String,
    pub back: String,
    /// The name of an item lying in the home that only this player handles.
    pub item: String,
}

pub struct Plan {
    world: World,
    /// Rooms in breadth-first order from the start.
    rooms: Vec<String>,
    /// Players at home in each of the first rooms.
    occupancy: Vec<usize>,
    room_size: usize,
}

impl Plan {
    pub fn new(world: World, players: usize, room_size: usize) -> anyhow::Result<Plan> {
        if room_size == 0 {
            bail!("a room must hold at least one player");
        }
        let rooms = breadth_first(&world);
        // With more players than the world has room for in homes of
        // `room_size`, homes are shared round-robin.
        let homes = rooms.len().min(players.div_ceil(room_size)).max(1);
        let mut occupancy = vec![0; homes];
        for player in 0..players {
            occupancy[(player / room_size) % homes] += 1;
        }
        Ok(Plan {
            world,
            rooms,
            occupancy,
            room_size,
        })
    }

    pub fn home(&self, player: usize) -> Home {
        let index = (player / self.room_size) % self.occupancy.len();
        Home {
            room: self.rooms[index].clone(),
            occupants: self.occupancy[index],
        }
    }

    /// The steps from `from` to `to` by a shortest route.
    pub fn route(&self, from: &str, to: &str) -> anyhow::Result<Vec<Step>> {
        let mut came_by: HashMap<&str, (&str, &str)> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        while let Some(room) = queue.pop_front() {
            if room == to {
                let mut steps = Vec::new();
                let mut at = to;
                while at != from {
                    let (previous, exit) = came_by[at];
                    steps.push(Step {
                        exit: exit.to_owned(),
                        to: at.to_owned(),
                    });
                    at = previous;
                }
                steps.reverse();
                return Ok(steps);
            }
            for exit in &self.room(room)?.exits {
                let next = exit.to.as_str();
                if next != from && !came_by.contains_key(next) {
                    came_by.insert(next, (room, exit.word.as_str()));
                    queue.push_back(next);
                }
            }
        }
        bail!("no way from {from} to {to}")
    }

    /// The errand of `player`: out of its home and back, and its item there.
    pub fn errand(&self, player: usize) -> anyhow::Result<Errand> {
        let home = self.home(player).room;
        let room = self.room(&home)?;
        let (out, away, back) = room
            .exits
            .iter()
            .find_map(|exit| {
                let away = self.world.room(exit.to.as_str())?;
                let back = away.exits.iter().find(|back| back.to.as_str() == home)?;
                Some((exit.word.clone(), away.id.to_string(), back.word.clone()))
            })
            .ok_or_else(|| anyhow!("{home} has no exit with a way back"))?;
        let slot = player % self.room_size;
        let item = self
            .world
            .items()
            .filter(|item| {
                item.portable
                    && item
                        .location
                        .room()
                        .is_some_and(|room| room.as_str() == home)
            })
            .nth(slot)
            .ok_or_else(|| {
                anyhow!(
                    "{home} needs {} portable items for the mixed scenario",
                    self.room_size
                )
            })?;
        Ok(Errand {
            out,
            away,
            back,
            item: item.name.to_string(),
        })
    }

    fn room(&self, id: &str) -> anyhow::Result<&hearth::game::world::Room> {
        self.world
            .room(id)
            .ok_or_else(|| anyhow!("the world has no room {id}"))
    }
}

fn breadth_first(world: &World) -> Vec<String> {
    let start = world.start().to_string();
    let mut seen = vec![start.clone()];
    let mut queue = VecDeque::from([start]);
    while let Some(id) = queue.pop_front() {
        let room = world.room(&id).expect("exits lead to rooms of the world");
        for exit in &room.exits {
            let next = exit.to.to_string();
            if !seen.contains(&next) {
                seen.push(next.clone());
                queue.push_back(next);
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> World {
        World::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/worlds/grid.toml"
        )))
        .expect("the bench world loads")
    }

    #[test]
    fn fills_homes_ten_at_a_time() {
        let plan = Plan::new(grid(), 1000, 10).unwrap();
        assert_eq!(plan.home(0).room, plan.home(9).room);
        assert_ne!(plan.home(9).room, plan.home(10).room);
        assert_eq!(plan.home(999).occupants, 10);
        let homes: std::collections::HashSet<String> =
            (0..1000).map(|player| plan.home(player).room).collect();
        assert_eq!(homes.len(), 100);
    }

    #[test]
    fn routes_lead_home_and_errands_come_back() {
        let plan = Plan::new(grid(), 1000, 10).unwrap();
        let home = plan.home(999).room;
        let route = plan.route("x0y0", &home).unwrap();
        assert_eq!(route.len(), 18);
        assert_eq!(route.last().unwrap().to, home);
        let errand = plan.errand(999).unwrap();
        let out = plan.route(&home, &errand.away).unwrap();
        assert_eq!(
            out.iter().map(|step| &step.exit).collect::<Vec<_>>(),
            [&errand.out]
        );
        let back = plan.route(&errand.away, &home).unwrap();
        assert_eq!(
            back.iter().map(|step| &step.exit).collect::<Vec<_>>(),
            [&errand.back]
        );
        assert_ne!(plan.errand(998).unwrap().item, errand.item);
    }
}
