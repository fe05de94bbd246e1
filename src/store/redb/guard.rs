//! Calling redb on a file that may be damaged.
//!
//! redb answers most damage with an error, but some (a zeroed page where a
//! B-tree node should be) with a panic. Hearth turns both into a
//! [`StoreError`] that says what is wrong. A panic caught here is expected,
//! not a bug of Hearth's: the process-wide panic hook is wrapped once so that
//! a panic inside [`guarded`] is logged at debug level instead of printing
//! "panicked at" and a backtrace over the refusal a host should read.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Once;

use redb::DatabaseError;

use crate::store::StoreError;

thread_local! {
    /// Whether this thread is inside [`guarded`], where panics are expected.
    static GUARDING: Cell<bool> = const { Cell::new(false) };
}

/// Runs a redb call, turning its errors and panics into a [`StoreError`].
pub fn guarded<T>(
    path: &Path,
    call: impl FnOnce() -> Result<T, DatabaseError>,
) -> Result<T, StoreError> {
    quiet_expected_panics();
    let outer = GUARDING.with(|guarding| guarding.replace(true));
    let result = catch_unwind(AssertUnwindSafe(call));
    GUARDING.with(|guarding| guarding.set(outer));
    match result {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(classify(path, error)),
        Err(_) => Err(unusable(path, "its contents are damaged")),
    }
}

/// Wraps the panic hook (once) so panics inside [`guarded`] are not printed.
fn quiet_expected_panics() {
    static WRAPPED: Once = Once::new();
    WRAPPED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDING.with(Cell::get) {
                tracing::debug!(%info, "redb panicked on a damaged database");
            } else {
                previous(info);
            }
        }));
    });
}

pub fn classify(path: &Path, error: DatabaseError) -> StoreError {
    match error {
        DatabaseError::DatabaseAlreadyOpen | DatabaseError::LockProtocolMismatch => {
            StoreError::InUse {
                path: path.to_owned(),
            }
        }
        DatabaseError::UpgradeRequired(format) => {
            unusable(path, format!("it uses redb file format {format}"))
        }
        other => unusable(path, other),
    }
}

pub fn into_database_error(error: redb::Error) -> DatabaseError {
    match error {
        redb::Error::DatabaseAlreadyOpen => DatabaseError::DatabaseAlreadyOpen,
        other => DatabaseError::Storage(redb::StorageError::Corrupted(other.to_string())),
    }
}

pub fn unusable(path: &Path, reason: impl ToString) -> StoreError {
    StoreError::Unusable {
        path: path.to_owned(),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_a_guarded_call_becomes_an_unusable_database() {
        let path = Path::new("hearth.redb");
        let result: Result<(), _> = guarded(path, || panic!("entered unreachable code"));
        assert!(matches!(result, Err(StoreError::Unusable { .. })));
        assert!(!GUARDING.with(Cell::get), "the flag is reset afterwards");
    }
}
