use std::process::ExitCode;

use clap::Parser;
use hearth_load::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.common.json.clone();
    let report = match hearth_load::scenario::run(cli) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("hearth-load: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    report.print();
    if let Some(path) = json
        && let Err(error) = report.write_json(&path)
    {
        eprintln!("hearth-load: {error:#}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
