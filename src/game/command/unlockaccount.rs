use super::{Context, command, text};
use crate::game::effect::{Effect, Errand};
use crate::game::ids::UserKey;
use crate::game::outcome::Outcome;
use crate::game::role::Role;

command! {
    /// unlockaccount <player>
    ///
    /// Forgets the failed logins that locked an account, so its player can
    /// log in again at once (a lock otherwise lifts by itself after 15
    /// minutes).
    pub static UNLOCKACCOUNT = "unlockaccount" => unlock_account, for Role::Admin;
}

fn unlock_account(context: &Context, args: &str) -> Outcome {
    let (name, _) = text::first_word(args);
    if name.is_empty() {
        return Outcome::reply("Unlock whose account? Try \"unlockaccount Bob\".");
    }
    Outcome::reply(format!("Unlocking {name}'s account...")).effect(Effect::Errand(
        Errand::Unlock {
            account: UserKey::new(name.to_ascii_lowercase()),
            name: name.to_owned(),
            by: super::errands::asker(context),
        },
    ))
}
