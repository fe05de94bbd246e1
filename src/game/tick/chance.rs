//! Deterministic chance: a small hash of the time and ids, so that what
//! looks random in the world (which echo, which way an NPC walks) is the
//! same every time for the same inputs, and tests can predict it.

use std::time::Duration;

use crate::game::Time;

/// FNV-1a over the parts, with a separator between them.
pub fn hash(parts: &[&str]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    parts.iter().fold(OFFSET, |hash, part| {
        part.bytes()
            .chain(std::iter::once(0xff))
            .fold(hash, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(PRIME)
            })
    })
}

/// One of `count` choices (`count` > 0), picked by `parts`.
pub fn pick(count: usize, parts: &[&str]) -> usize {
    (hash(parts) % count as u64) as usize
}

/// When something happens once every `every`, at a moment within the
/// period that `seed` picks: the number of the period that ended after
/// `last` and by `now`, if one did.
pub fn period_ended(last: Time, now: Time, every: Duration, seed: &[&str]) -> Option<u64> {
    let every = u64::try_from(every.as_millis()).unwrap_or(u64::MAX).max(1);
    let offset = hash(seed) % every;
    let periods_by = |time: Time| (time.as_millis() + every - offset) / every;
    let (before, after) = (periods_by(last), periods_by(now));
    (after > before).then_some(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_parts_always_pick_the_same() {
        assert_eq!(pick(5, &["orchard", "7"]), pick(5, &["orchard", "7"]));
        assert_ne!(hash(&["ab", "c"]), hash(&["a", "bc"]));
    }

    #[test]
    fn exactly_one_period_ends_in_any_span_of_one_period() {
        let every = Duration::from_secs(60);
        for start in [0, 1_000, 59_999, 1_234_567] {
            let last = Time::from_millis(start);
            assert!(period_ended(last, last + every, every, &["room"]).is_some());
            assert!(period_ended(last, last, every, &["room"]).is_none());
        }
    }

    #[test]
    fn periods_are_counted_so_each_ends_once() {
        let every = Duration::from_secs(10);
        let mut ended = 0;
        let mut last = Time::from_millis(0);
        for second in 1..=100 {
            let now = Time::from_millis(second * 1000);
            ended += usize::from(period_ended(last, now, every, &["npc"]).is_some());
            last = now;
        }
        assert_eq!(ended, 10);
    }
}
