//! A scenario's results: printed as a table, and written as JSON on request.

use std::path::Path;

use anyhow::Context as _;
use serde::Serialize;

/// A bound a measure should stay within.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    AtMost(f64),
    AtLeast(f64),
}

impl Target {
    fn met_by(self, value: f64) -> bool {
        match self {
            Target::AtMost(bound) => value <= bound,
            Target::AtLeast(bound) => value >= bound,
        }
    }

    fn describe(self) -> String {
        match self {
            Target::AtMost(bound) => format!("<= {}", number(bound)),
            Target::AtLeast(bound) => format!(">= {}", number(bound)),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    pub name: String,
    pub value: f64,
    pub unit: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub scenario: &'static str,
    /// The command line that produced it.
    pub command: String,
    pub measures: Vec<Measure>,
    /// Problems by kind, with the first example of each.
    pub errors: Vec<(String, u64, String)>,
}

impl Report {
    pub fn new(scenario: &'static str) -> Report {
        Report {
            scenario,
            command: std::env::args().collect::<Vec<_>>().join(" "),
            measures: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub fn add(&mut self, name: &str, value: f64, unit: &'static str) -> &mut Report {
        self.measures.push(Measure {
            name: name.to_owned(),
            value,
            unit,
            target: None,
            met: None,
        });
        self
    }

    /// Adds a measure with the target it should meet.
    pub fn check(
        &mut self,
        name: &str,
        value: f64,
        unit: &'static str,
        target: Target,
    ) -> &mut Report {
        self.measures.push(Measure {
            name: name.to_owned(),
            value,
            unit,
            target: Some(target),
            met: Some(target.met_by(value)),
        });
        self
    }

    pub fn value(&self, name: &str) -> Option<f64> {
        self.measures
            .iter()
            .find(|measure| measure.name == name)
            .map(|measure| measure.value)
    }

    pub fn print(&self) {
        println!("scenario: {}", self.scenario);
        println!(
            "{:<34} {:>14} {:<8} {:<14}",
            "measure", "value", "unit", "target"
        );
        for measure in &self.measures {
            let target = match (measure.target, measure.met) {
                (Some(target), Some(met)) => {
                    format!(
                        "{} {}",
                        target.describe(),
                        if met { "met" } else { "MISSED" }
                    )
                }
                _ => String::new(),
            };
            println!(
                "{:<34} {:>14} {:<8} {}",
                measure.name,
                number(measure.value),
                measure.unit,
                target
            );
        }
        for (kind, count, example) in &self.errors {
            println!("error: {count} x {kind}; first: {example}");
        }
    }

    pub fn write_json(&self, path: &Path) -> anyhow::Result<()> {
        let json = serde_json::to_string_pretty(self)?;
        std::fs::write(path, json + "\n").with_context(|| format!("writing {}", path.display()))
    }
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 || value.abs() >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}
