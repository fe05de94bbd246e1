//! The login dialogue in the terminal, as the telnet contract has it: a
//! name; for a known name its password (typed unseen); for an unknown one
//! the offer to create it, and a new password twice. Accounts, sessions,
//! name and password rules and the lockout after wrong passwords are
//! [`Accounts`]' own, the same as for `POST /api/register` and
//! `/api/login`; refusals are explained on the line.

use std::net::IpAddr;

use crate::accounts::{
    AccountError, Accounts, Login, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, PasswordHasher,
};

use super::mssp;

/// Wrong passwords one connection may type before it is closed (the
/// account's own lockout counts them too).
const MAX_WRONG_PASSWORDS: u32 = 3;

const TRY_LATER: &str = "The server could not do that just now; try again in a moment.";

/// What the dialogue waits for.
#[derive(Debug)]
enum Question {
    Name,
    Password { name: String },
    Create { name: String },
    NewPassword { name: String },
    Repeat { name: String, password: String },
}

/// The prompt for the question being asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub text: String,
    /// Whether the answer is a password, which the client must not show.
    pub hidden: bool,
}

/// What comes of an answer.
pub enum Turn {
    /// Say these lines, then ask [`Dialogue::prompt`].
    Ask(Vec<String>),
    /// Say these lines, then play.
    Play { said: Vec<String>, login: Login },
    /// Say these lines, then close.
    Leave(Vec<String>),
    /// A listing site's crawler asked for the server's status (MSSP).
    Status,
}

#[derive(Debug)]
pub struct Dialogue {
    question: Question,
    wrong_passwords: u32,
    /// The client's address, which the per-address limits count.
    from: IpAddr,
}

impl Dialogue {
    /// The dialogue with a client at `from`, asking its name.
    pub fn new(from: IpAddr) -> Dialogue {
        Dialogue {
            question: Question::Name,
            wrong_passwords: 0,
            from,
        }
    }

    pub fn prompt(&self) -> Prompt {
        let (text, hidden) = match &self.question {
            Question::Name => ("Name: ".to_owned(), false),
            Question::Password { .. } => ("Password: ".to_owned(), true),
            Question::Create { name } => (format!("Create {name}? (yes/no) "), false),
            Question::NewPassword { .. } => ("New password: ".to_owned(), true),
            Question::Repeat { .. } => ("Repeat the password: ".to_owned(), true),
        };
        Prompt { text, hidden }
    }

    /// Takes the answer to the question asked.
    pub async fn answer(&mut self, line: &str, accounts: &Accounts) -> Turn {
        match std::mem::replace(&mut self.question, Question::Name) {
            Question::Name => self.name(line.trim(), accounts).await,
            Question::Password { name } => self.password(name, line, accounts).await,
            Question::Create { name } => self.create(name, line.trim()),
            Question::NewPassword { name } => self.new_password(name, line),
            Question::Repeat { name, password } => {
                self.repeat(name, password, line, accounts).await
            }
        }
    }

    async fn name(&mut self, name: &str, accounts: &Accounts) -> Turn {
        if name.is_empty() {
            return Turn::Ask(Vec::new());
        }
        if name == mssp::PLAIN_REQUEST {
            return Turn::Status;
        }
        match accounts.exists(name).await {
            Ok(true) => {
                self.question = Question::Password {
                    name: name.to_owned(),
                };
                Turn::Ask(Vec::new())
            }
            Ok(false) => {
                self.question = Question::Create {
                    name: name.to_owned(),
                };
                Turn::Ask(vec![format!("There is no character named {name}.")])
            }
            Err(error) => Turn::Ask(vec![explain(&error)]),
        }
    }

    async fn password(&mut self, name: String, password: &str, accounts: &Accounts) -> Turn {
        match accounts.login(&name, password, self.from).await {
            Ok(login) => Turn::Play {
                said: vec![format!("Welcome back, {}.", login.name)],
                login,
            },
            Err(AccountError::WrongCredentials) => {
                self.wrong_passwords += 1;
                if self.wrong_passwords >= MAX_WRONG_PASSWORDS {
                    return Turn::Leave(vec!["Wrong password again; goodbye.".to_owned()]);
                }
                self.question = Question::Password { name };
                Turn::Ask(vec!["Wrong password.".to_owned()])
            }
            Err(error @ AccountError::Busy(_)) => {
                self.question = Question::Password { name };
                Turn::Ask(vec![explain(&error)])
            }
            Err(error) => Turn::Ask(vec![explain(&error)]),
        }
    }

    fn create(&mut self, name: String, answer: &str) -> Turn {
        match answer.to_ascii_lowercase().as_str() {
            "yes" | "y" => {
                let rule = format!(
                    "Choose a password for {name}, {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters."
                );
                self.question = Question::NewPassword { name };
                Turn::Ask(vec![rule])
            }
            "no" | "n" => Turn::Ask(vec!["Then which name?".to_owned()]),
            _ => {
                self.question = Question::Create { name };
                Turn::Ask(vec!["Please answer yes or no.".to_owned()])
            }
        }
    }

    fn new_password(&mut self, name: String, password: &str) -> Turn {
        if let Err(problem) = PasswordHasher::check_length(password) {
            self.question = Question::NewPassword { name };
            return Turn::Ask(vec![sentence(&problem)]);
        }
        self.question = Question::Repeat {
            name,
            password: password.to_owned(),
        };
        Turn::Ask(Vec::new())
    }

    async fn repeat(
        &mut self,
        name: String,
        password: String,
        again: &str,
        accounts: &Accounts,
    ) -> Turn {
        if again != password {
            self.question = Question::NewPassword { name };
            return Turn::Ask(vec![
                "The two passwords differ; choose one again.".to_owned(),
            ]);
        }
        let created = match accounts.register(&name, &password, self.from).await {
            Ok(created) => created,
            Err(AccountError::NameTaken) => {
                return Turn::Ask(vec![format!(
                    "{name} was taken meanwhile; choose another name."
                )]);
            }
            Err(error @ (AccountError::Invalid(_) | AccountError::Busy(_))) => {
                self.question = Question::NewPassword { name };
                return Turn::Ask(vec![explain(&error)]);
            }
            Err(error) => return Turn::Ask(vec![explain(&error)]),
        };
        match accounts.login(&created, &password, self.from).await {
            Ok(login) => Turn::Play {
                said: vec![format!("Welcome, {created}: your character is created.")],
                login,
            },
            Err(error) => Turn::Ask(vec![explain(&error)]),
        }
    }
}

/// A refusal, as a sentence for the player.
fn explain(error: &AccountError) -> String {
    match error {
        AccountError::Internal(reason) => {
            tracing::error!(%reason, "a telnet login failed");
            TRY_LATER.to_owned()
        }
        other => sentence(&other.to_string()),
    }
}

/// `text` with a capital first letter and a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut sentence: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !sentence.ends_with(['.', '!', '?']) {
        sentence.push('.');
    }
    sentence
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_as_sentences() {
        assert_eq!(
            sentence("a password is 8 to 128 characters"),
            "A password is 8 to 128 characters."
        );
        assert_eq!(sentence("already one."), "Already one.");
    }

    #[test]
    fn passwords_are_asked_unseen_and_names_in_the_open() {
        let mut dialogue = Dialogue::new("192.0.2.1".parse().unwrap());
        assert_eq!(
            dialogue.prompt(),
            Prompt {
                text: "Name: ".into(),
                hidden: false
            }
        );
        dialogue.question = Question::Password {
            name: "Alice".into(),
        };
        assert!(dialogue.prompt().hidden);
        dialogue.question = Question::Create { name: "Zed".into() };
        assert_eq!(dialogue.prompt().text, "Create Zed? (yes/no) ");
    }
}
