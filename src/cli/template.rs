//! `hearth config`: every setting as a commented config file, with the value
//! it has now and where that came from.
//!
//! The output is itself a valid `hearth.toml`: settings at their defaults are
//! commented out, the others are live lines, so saving it keeps the current
//! configuration and leaves the defaults free to change with new versions.

use clap::{Arg, ArgAction};

use super::layers::{self, Layered, Source};

/// Width of the comment text.
const WIDTH: usize = 76;

pub fn render(layered: &Layered) -> String {
    let mut out = String::new();
    out.push_str(
        "# Hearth's settings: each with its value now and where that came from.\n\
         # Save this as hearth.toml in the data directory (or anywhere, and pass\n\
         # --config FILE), then edit it. A flag beats its environment variable,\n\
         # which beats this file, which beats the default; a line left commented\n\
         # out keeps the default.\n",
    );
    let file = &layered.file;
    if file.read {
        out.push_str(&format!("# Read now: {}\n", file.path.display()));
    } else {
        out.push_str(&format!(
            "# No config file was read (none at {}).\n",
            file.path.display()
        ));
    }
    for arg in layers::settings() {
        out.push('\n');
        out.push_str(&setting(layered, &arg));
    }
    out
}

fn setting(layered: &Layered, arg: &Arg) -> String {
    let key = arg.get_long().expect("every setting is a flag");
    let mut lines = String::new();
    for line in wrap(&help_text(arg)) {
        lines.push_str(&format!("# {line}\n"));
    }
    let source = layered.source(arg);
    let env = arg
        .get_env()
        .map(|name| format!(", variable {}", name.to_string_lossy()))
        .unwrap_or_default();
    let now = match &source {
        Source::Flag => format!("now from --{key}"),
        Source::Environment(name) => format!("now from {name}"),
        Source::File => "now from this file".to_owned(),
        Source::Default => "now the default".to_owned(),
        Source::Unset => "not set".to_owned(),
    };
    lines.push_str(&format!("# (flag --{key}{env}; {now})\n"));
    let values: Vec<String> = layered
        .matches
        .get_raw(arg.get_id().as_str())
        .map(|raw| {
            raw.map(|value| value.to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let live = !matches!(source, Source::Default | Source::Unset);
    if arg.is_hide_env_values_set() && live {
        lines.push_str(&format!("# {key} = \"…\"  (set; a secret, so not shown)\n"));
        return lines;
    }
    let value = if values.is_empty() {
        let placeholder = arg
            .get_value_names()
            .and_then(|names| names.first())
            .map_or_else(|| key.to_uppercase(), ToString::to_string);
        toml_value(arg, &[placeholder])
    } else {
        toml_value(arg, &values)
    };
    let comment = if live { "" } else { "# " };
    lines.push_str(&format!("{comment}{key} = {value}\n"));
    lines
}

/// The long help as one paragraph per line, as clap keeps it, with the full
/// stop clap takes off the short help.
fn help_text(arg: &Arg) -> String {
    let mut help = arg
        .get_long_help()
        .or(arg.get_help())
        .map(ToString::to_string)
        .unwrap_or_default();
    if !help.ends_with(['.', '!', '?']) {
        help.push('.');
    }
    help
}

/// A value as TOML: true/false for flags, a list for repeatable settings,
/// a number when the text is exactly one, otherwise a string. Reading it
/// back turns it into the same text again.
fn toml_value(arg: &Arg, values: &[String]) -> String {
    let scalar = |text: &str| -> toml::Value {
        if matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse)
            && let Ok(flag) = text.parse()
        {
            return toml::Value::Boolean(flag);
        }
        match text.parse::<i64>() {
            Ok(number) if number.to_string() == text => toml::Value::Integer(number),
            _ => toml::Value::String(text.to_owned()),
        }
    };
    if matches!(arg.get_action(), ArgAction::Append) {
        toml::Value::Array(values.iter().map(|text| scalar(text)).collect()).to_string()
    } else {
        scalar(&values[0]).to_string()
    }
}

/// Greedy word wrap at [`WIDTH`], keeping the help's own line breaks.
fn wrap(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > WIDTH {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    const START: &str = "<!-- settings: generated from src/cli/settings.rs -->\n";
    const END: &str = "<!-- end of settings -->\n";

    /// The README's options table, from the settings' declaration.
    fn options_table() -> String {
        let mut table =
            String::from("| flag | variable | default | meaning |\n|---|---|---|---|\n");
        for arg in layers::settings() {
            let key = arg.get_long().expect("every setting is a flag");
            let takes_value = !matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse);
            let flag = match arg.get_value_names().and_then(|names| names.first()) {
                Some(name) if takes_value => format!("`--{key} {name}`"),
                _ => format!("`--{key}`"),
            };
            let variable = arg
                .get_env()
                .map(|name| format!("`{}`", name.to_string_lossy()))
                .unwrap_or_default();
            let default = arg
                .get_default_values()
                .iter()
                .map(|value| format!("`{}`", value.to_string_lossy()))
                .collect::<Vec<_>>()
                .join(", ");
            let meaning = help_text(&arg).replace('|', "\\|").replace('<', "&lt;");
            let flag = flag.replace('|', "\\|");
            table.push_str(&format!(
                "| {flag} | {variable} | {default} | {meaning} |\n"
            ));
        }
        table
    }

    #[test]
    fn the_readme_lists_every_setting_as_declared() {
        let readme = std::fs::read_to_string(README).unwrap();
        let start = readme
            .find(START)
            .expect("the README marks its settings table")
            + START.len();
        let end = start
            + readme[start..]
                .find(END)
                .expect("the table's end is marked");
        let expected = options_table();
        if readme[start..end] == expected {
            return;
        }
        if std::env::var_os("HEARTH_UPDATE_README").is_some() {
            let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
            std::fs::write(README, updated).unwrap();
            return;
        }
        panic!(
            "README.md's settings table differs from src/cli/settings.rs; rewrite it with\n  \
             HEARTH_UPDATE_README=1 cargo test --lib the_readme_lists_every_setting\n\
             It should be:\n{expected}"
        );
    }
}
