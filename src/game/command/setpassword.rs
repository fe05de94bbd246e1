use super::{Context, command, text};
use crate::game::effect::{Effect, Errand};
use crate::game::ids::UserKey;
use crate::game::outcome::Outcome;
use crate::game::role::Role;

command! {
    /// setpassword <player> <password>
    ///
    /// Gives an account a new password, for a player who lost theirs.
    /// Their sessions end, so every connection of theirs closes; tell them
    /// the new password and they log in with it. The password is the rest
    /// of the line, spaces and all (runs of spaces count as one).
    pub static SETPASSWORD = "setpassword" => set_password, for Role::Admin;
}

fn set_password(context: &Context, args: &str) -> Outcome {
    let (name, password) = text::first_word(args);
    if name.is_empty() || password.is_empty() {
        return Outcome::reply(
            "Set whose password to what? Try \"setpassword Bob a new secret phrase\".",
        );
    }
    let account = UserKey::new(name.to_ascii_lowercase());
    Outcome::reply(format!("Setting a new password for {name}...")).effect(Effect::Errand(
        Errand::SetPassword {
            account,
            name: name.to_owned(),
            password: password.to_owned(),
            by: super::errands::asker(context),
        },
    ))
}
