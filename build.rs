//! Fetches the web client's one piece of third-party code, the official
//! `socket.io-client` browser bundle, at the version `package-lock.json` pins.
//!
//! `npm ci` installs it into `OUT_DIR`, and the bundle is copied to
//! `OUT_DIR/vendor/`, which `src/transport/http/client.rs` embeds. Nothing
//! from npm is committed, and the binary needs no internet at run time.
//!
//! Cargo reruns this only when the lock changes, and npm runs only when the
//! installed lock differs from it, so an unchanged build stays offline.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The files served from `/vendor/`, from `socket.io-client`'s `dist/`.
const BUNDLE: &[&str] = &["socket.io.esm.min.js", "socket.io.esm.min.js.map"];

const MANIFEST: &str = "package.json";
const LOCK: &str = "package-lock.json";
/// A copy of the lock that the last successful install used.
const INSTALLED_LOCK: &str = "installed-lock.json";

fn main() {
    println!("cargo:rerun-if-changed={MANIFEST}");
    println!("cargo:rerun-if-changed={LOCK}");

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let install_dir = out_dir.join("npm");
    if !is_installed(&install_dir) {
        install(&install_dir);
    }
    copy_bundle(&install_dir, &out_dir.join("vendor"));
}

/// Whether `install_dir` already holds what the current lock pins.
fn is_installed(install_dir: &Path) -> bool {
    let installed = fs::read(install_dir.join(INSTALLED_LOCK)).ok();
    installed.is_some_and(|lock| lock == read(Path::new(LOCK)))
}

fn install(install_dir: &Path) {
    fs::create_dir_all(install_dir).expect("creating the npm folder in OUT_DIR");
    for file in [MANIFEST, LOCK] {
        fs::write(install_dir.join(file), read(Path::new(file)))
            .expect("copying the npm manifest into OUT_DIR");
    }
    let status = Command::new(npm())
        .args([
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--prefer-offline",
        ])
        .current_dir(install_dir)
        .status();
    match status {
        Ok(status) if status.success() => {
            fs::write(install_dir.join(INSTALLED_LOCK), read(Path::new(LOCK)))
                .expect("recording the installed lock");
        }
        Ok(status) => panic!(
            "`npm ci` failed ({status}) fetching socket.io-client for the web client; \
             see its output above"
        ),
        Err(error) => panic!(
            "building Hearth needs npm (Node.js) to fetch the web client's socket.io-client, \
             and running it failed: {error}. Install Node.js with npm, for example \
             `apt-get install nodejs npm`."
        ),
    }
}

fn copy_bundle(install_dir: &Path, vendor_dir: &Path) {
    fs::create_dir_all(vendor_dir).expect("creating OUT_DIR/vendor");
    for file in BUNDLE {
        fs::copy(bundle_dir(install_dir).join(file), vendor_dir.join(file))
            .unwrap_or_else(|error| panic!("copying socket.io-client's {file}: {error}"));
    }
}

fn bundle_dir(install_dir: &Path) -> PathBuf {
    install_dir.join("node_modules/socket.io-client/dist")
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|error| panic!("reading {}: {error}", path.display()))
}

fn npm() -> &'static str {
    if cfg!(windows) { "npm.cmd" } else { "npm" }
}
