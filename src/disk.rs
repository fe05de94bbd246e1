//! Files that hold secrets and must survive a crash.
//!
//! The data directory holds password hashes and session digests, so Hearth
//! creates it, and every database file in it, readable by its owner only
//! (0700 and 0600), whatever the umask. A file that is renamed into place is
//! only durable once its directory is flushed too: [`sync_dir`].

use std::fs::{DirBuilder, File, OpenOptions, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;

const OWNER_ONLY_DIR: u32 = 0o700;
const OWNER_ONLY_FILE: u32 = 0o600;

/// Creates `path` (and any missing parents) as owner-only directories. An
/// existing directory is left as the host made it.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    DirBuilder::new()
        .recursive(true)
        .mode(OWNER_ONLY_DIR)
        .create(path)
}

/// Creates a new file, readable by its owner only; fails if it exists.
pub fn create_private_file(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(OWNER_ONLY_FILE)
        .open(path)
}

/// Removes group and others' access from an existing file.
pub fn restrict_file(path: &Path) -> io::Result<()> {
    let mode = std::fs::metadata(path)?.permissions().mode();
    if mode & 0o077 == 0 {
        return Ok(());
    }
    std::fs::set_permissions(path, Permissions::from_mode(mode & 0o700))
}

/// Flushes a directory, so the renames and new names in it survive a crash.
pub fn sync_dir(path: &Path) -> io::Result<()> {
    File::open(path)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn directories_and_files_are_created_for_the_owner_only() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("data/inner");
        create_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&temp.path().join("data")), 0o700);
        let file = dir.join("hearth.redb");
        create_private_file(&file).unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::metadata(&file).unwrap().len(), 0);
    }

    #[test]
    fn an_existing_file_loses_group_and_other_access_and_keeps_its_contents() {
        let temp = tempfile::tempdir().unwrap();
        let file = temp.path().join("hearth.redb");
        std::fs::write(&file, b"saved").unwrap();
        std::fs::set_permissions(&file, Permissions::from_mode(0o664)).unwrap();
        restrict_file(&file).unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read(&file).unwrap(), b"saved");
    }
}
