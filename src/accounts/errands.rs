//! Carrying out what the game asks of accounts: a new password (hashed
//! here, off the game's thread, then saved with every session of the
//! account ended) and an unlock. Each errand reports how it went back to
//! the game, as the admin who asked, through `report`: the game tells them
//! and audits what was done.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::{AccountError, Accounts};
use crate::game::{Actor, Errand, Report};

/// Runs errands until the engine stops sending them. Each runs in a task
/// of its own, so a slow hash holds up no other errand.
pub async fn run(
    accounts: Arc<Accounts>,
    mut errands: mpsc::UnboundedReceiver<Errand>,
    report: impl Fn(Actor, Report) + Clone + Send + Sync + 'static,
) {
    while let Some(errand) = errands.recv().await {
        let accounts = accounts.clone();
        let report = report.clone();
        tokio::spawn(async move {
            let by = errand.by().clone();
            report(by, carry_out(&accounts, errand).await);
        });
    }
}

async fn carry_out(accounts: &Accounts, errand: Errand) -> Report {
    let kind = errand.kind();
    let account = errand.account().clone();
    let done = match &errand {
        Errand::SetPassword {
            account, password, ..
        } => accounts
            .reset_password(account, password)
            .await
            .map(|(name, _)| name),
        Errand::Unlock { account, .. } => accounts.unlock(account).await,
    };
    let (name, failure) = match done {
        Ok(name) => (name, None),
        Err(error) => (errand.name().to_owned(), Some(explain(&error))),
    };
    Report {
        errand: kind,
        account,
        name,
        failure,
    }
}

/// What the admin is told when an errand could not be done.
fn explain(error: &AccountError) -> String {
    match error {
        AccountError::Internal(reason) => {
            tracing::error!(%reason, "an errand for the game failed");
            "the server could not do it just now; try again".to_owned()
        }
        other => other.to_string(),
    }
}
