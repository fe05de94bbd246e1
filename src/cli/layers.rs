//! Where each setting's value comes from: a flag, else its environment
//! variable, else the config file, else its default.
//!
//! clap already does flags, variables and defaults, and tells which one
//! gave each value ([`ArgMatches::value_source`]). The config file slots in
//! below the variables by becoming the *defaults*: the command line is
//! parsed once to learn where the file is, the file's values replace the
//! defaults of the arguments they name, and the command line is parsed
//! again. So every value, wherever it came from, goes through the same
//! clap parser and the same checks, and a setting needs no code here.
//!
//! The file is `hearth.toml` in the data directory, or `--config FILE`. Its
//! keys are the settings' flag names (`port = 4000`, `allow-origin = [...]`);
//! a key that is not a setting is an error naming the closest one. Relative
//! paths in it are relative to the file's own directory.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow, bail};
use clap::parser::ValueSource;
use clap::{Arg, ArgAction, ArgMatches, Args as _, Command, CommandFactory as _, FromArgMatches};

use super::Cli;
use super::settings::Settings;

/// The config file's name in the data directory.
pub const CONFIG_FILE: &str = "hearth.toml";

/// The command line understood, with the config file merged in.
pub struct Layered {
    pub cli: Cli,
    pub matches: ArgMatches,
    pub file: ConfigFile,
}

/// The config file that was (or would have been) read.
pub struct ConfigFile {
    pub path: PathBuf,
    /// Whether it exists and was read.
    pub read: bool,
    /// The ids of the settings it set.
    pub set: BTreeSet<String>,
}

/// Where one setting's current value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag,
    Environment(String),
    File,
    Default,
    /// No value, and no default.
    Unset,
}

impl Layered {
    pub fn source(&self, arg: &Arg) -> Source {
        let id = arg.get_id().as_str();
        match self.matches.value_source(id) {
            Some(ValueSource::CommandLine) => Source::Flag,
            Some(ValueSource::EnvVariable) => Source::Environment(
                arg.get_env()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            ),
            _ if self.file.set.contains(id) => Source::File,
            Some(_) => Source::Default,
            None => Source::Unset,
        }
    }
}

/// The arguments that are settings (the fields of [`Settings`]), as clap
/// describes them, in declaration order.
pub fn settings() -> Vec<Arg> {
    Settings::augment_args(Command::new("settings"))
        .get_arguments()
        .cloned()
        .collect()
}

/// Parses `args` (the program name first), reading the config file. A
/// command-line mistake (and `--help`, `--version`) is a [`clap::Error`] to
/// `exit()` with; a bad config file is an ordinary error.
pub fn parse(args: &[OsString]) -> Result<Result<Layered, clap::Error>, anyhow::Error> {
    let first = match Cli::command().try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error) => return Ok(Err(error)),
    };
    let explicit = first.get_one::<PathBuf>("config").cloned();
    let data_dir = first
        .get_one::<PathBuf>("data_dir")
        .cloned()
        .expect("data-dir has a default");
    let path = explicit
        .clone()
        .unwrap_or_else(|| data_dir.join(CONFIG_FILE));
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => None,
        Err(error) => {
            return Err(
                anyhow!(error).context(format!("cannot read the config file {}", path.display()))
            );
        }
    };
    let mut command = Cli::command();
    let mut set = BTreeSet::new();
    if let Some(text) = &text {
        let values = read_file(&path, text)
            .with_context(|| format!("in the config file {}", path.display()))?;
        if explicit.is_none() {
            refuse_moving_the_data_dir(&values, &data_dir, &path)?;
        }
        for (id, values) in values {
            command = command.mut_arg(&id, |arg| arg.default_values(values));
            set.insert(id);
        }
    }
    let matches = match command.try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error) => return Ok(Err(error)),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => return Ok(Err(error)),
    };
    Ok(Ok(Layered {
        cli,
        matches,
        file: ConfigFile {
            path,
            read: text.is_some(),
            set,
        },
    }))
}

/// Each key of the file as the setting's id and its values as text, each
/// checked by the setting's own parser.
fn read_file(path: &Path, text: &str) -> anyhow::Result<Vec<(String, Vec<String>)>> {
    let table: toml::Table = text
        .parse()
        .map_err(|error: toml::de::Error| anyhow!("{error}"))?;
    let settings = settings();
    let base = path.parent().unwrap_or(Path::new("."));
    let mut values = Vec::new();
    for (key, value) in table {
        let Some(arg) = settings
            .iter()
            .find(|arg| arg.get_long() == Some(key.as_str()))
        else {
            bail!("{}", unknown_key(&key, &settings));
        };
        let texts = as_texts(arg, &value).with_context(|| format!("`{key}`"))?;
        let texts = texts
            .into_iter()
            .map(|text| relative_to(base, arg, text))
            .collect::<Vec<_>>();
        for text in &texts {
            check_value(arg, text).with_context(|| format!("`{key}` = {value}"))?;
        }
        values.push((arg.get_id().to_string(), texts));
    }
    Ok(values)
}

fn unknown_key(key: &str, settings: &[Arg]) -> String {
    let closest = settings
        .iter()
        .filter_map(Arg::get_long)
        .map(|name| (strsim::jaro_winkler(key, name), name))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match closest {
        Some((likeness, name)) if likeness > 0.7 => {
            format!(
                "`{key}` is not a setting; did you mean `{name}`? (`hearth config` lists them all)"
            )
        }
        _ => format!("`{key}` is not a setting (`hearth config` lists them all)"),
    }
}

/// A TOML value as the text(s) a flag would have been given.
fn as_texts(arg: &Arg, value: &toml::Value) -> anyhow::Result<Vec<String>> {
    let repeatable = matches!(arg.get_action(), ArgAction::Append);
    match value {
        toml::Value::Array(items) if repeatable => items.iter().map(scalar_text).collect(),
        toml::Value::Array(_) => bail!("takes one value, not a list"),
        scalar => Ok(vec![scalar_text(scalar)?]),
    }
}

fn scalar_text(value: &toml::Value) -> anyhow::Result<String> {
    Ok(match value {
        toml::Value::String(text) => text.clone(),
        toml::Value::Integer(number) => number.to_string(),
        toml::Value::Float(number) => number.to_string(),
        toml::Value::Boolean(flag) => flag.to_string(),
        other => bail!(
            "must be text, a number or true/false, not {}",
            other.type_str()
        ),
    })
}

/// A relative path in the file means relative to the file, wherever the
/// server is started from.
fn relative_to(base: &Path, arg: &Arg, text: String) -> String {
    let is_path = matches!(
        arg.get_value_hint(),
        clap::ValueHint::AnyPath | clap::ValueHint::FilePath | clap::ValueHint::DirPath
    );
    if is_path && Path::new(&text).is_relative() {
        base.join(text).to_string_lossy().into_owned()
    } else {
        text
    }
}

/// Runs the setting's own parser on a value (the argument alone, as a flag,
/// without its variable), for an error that names the key.
fn check_value(arg: &Arg, text: &str) -> anyhow::Result<()> {
    if matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse) {
        return match text {
            "true" | "false" => Ok(()),
            _ => bail!("must be true or false"),
        };
    }
    let long = arg.get_long().expect("every setting is a flag");
    Command::new("hearth.toml")
        .no_binary_name(true)
        .arg(arg.clone().env(None).global(false))
        .try_get_matches_from([format!("--{long}={text}")])
        .map(drop)
        .map_err(|error| anyhow!("{}", clap_reason(&error)))
}

/// The reason inside a clap error, without its "error:" and usage lines.
fn clap_reason(error: &clap::Error) -> String {
    if let Some(source) = std::error::Error::source(error) {
        return source.to_string();
    }
    let rendered = error.to_string();
    let first = rendered.lines().next().unwrap_or_default();
    first.trim_start_matches("error: ").to_owned()
}

/// The data directory's own file cannot send the data elsewhere: it was
/// found by the data directory. `--config` can.
fn refuse_moving_the_data_dir(
    values: &[(String, Vec<String>)],
    data_dir: &Path,
    path: &Path,
) -> anyhow::Result<()> {
    let Some((_, moved)) = values.iter().find(|(id, _)| id == "data_dir") else {
        return Ok(());
    };
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    let target = Path::new(&moved[0]);
    if same(target, data_dir) {
        return Ok(());
    }
    bail!(
        "the config file {} sets data-dir to {}, but it was found in the data directory {}; \
         to choose the data directory from a file, give the file with --config",
        path.display(),
        target.display(),
        data_dir.display()
    )
}
