//! A process's CPU time and memory, read from `/proc` (Linux).
//!
//! The server is another process (it runs pinned to its own core), so its
//! cost is read from outside: CPU from `/proc/PID/stat`, resident memory from
//! `/proc/PID/status`, sampled while a scenario runs to catch the peak.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, anyhow};

/// Linux reports CPU times in USER_HZ ticks, which is 100 on every
/// architecture it exposes to user space.
const TICKS_PER_SECOND: f64 = 100.0;

/// How often memory is sampled for the peak.
const SAMPLE_EVERY: Duration = Duration::from_millis(100);

/// A process to watch: a pid, or `self`.
#[derive(Debug, Clone)]
pub struct Process(String);

/// CPU time used so far, and when that was read.
#[derive(Debug, Clone, Copy)]
pub struct CpuReading {
    at: Instant,
    seconds: f64,
}

impl Process {
    pub fn pid(pid: u32) -> Process {
        Process(pid.to_string())
    }

    pub fn this() -> Process {
        Process("self".to_owned())
    }

    pub fn cpu(&self) -> anyhow::Result<CpuReading> {
        let path = format!("/proc/{}/stat", self.0);
        let stat = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
        // The command name may hold spaces; the fields counted here follow it.
        let after_name = stat
            .rsplit_once(')')
            .ok_or_else(|| anyhow!("unexpected {path}"))?
            .1;
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        let ticks = |index: usize| -> anyhow::Result<f64> {
            Ok(fields
                .get(index)
                .ok_or_else(|| anyhow!("unexpected {path}"))?
                .parse::<f64>()?)
        };
        // utime and stime are fields 14 and 15 of stat(5); 12 and 13 here.
        Ok(CpuReading {
            at: Instant::now(),
            seconds: (ticks(11)? + ticks(12)?) / TICKS_PER_SECOND,
        })
    }

    /// Resident memory in KiB.
    pub fn rss_kib(&self) -> anyhow::Result<u64> {
        let path = format!("/proc/{}/status", self.0);
        let status = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| anyhow!("no VmRSS in {path}"))
    }

    /// Samples resident memory until the returned guard is dropped, keeping
    /// the peak.
    pub fn watch_peak(&self) -> PeakMemory {
        let peak = Rc::new(Cell::new(self.rss_kib().unwrap_or(0)));
        let process = self.clone();
        let sampled = peak.clone();
        let task = tokio::task::spawn_local(async move {
            loop {
                tokio::time::sleep(SAMPLE_EVERY).await;
                if let Ok(rss) = process.rss_kib() {
                    sampled.set(sampled.get().max(rss));
                }
            }
        });
        PeakMemory { peak, task }
    }
}

impl CpuReading {
    /// Percent of one core used between `self` and `later`.
    pub fn percent_until(&self, later: &CpuReading) -> f64 {
        let wall = (later.at - self.at).as_secs_f64();
        if wall == 0.0 {
            return 0.0;
        }
        100.0 * (later.seconds - self.seconds) / wall
    }
}

/// The highest resident memory seen while this lives.
pub struct PeakMemory {
    peak: Rc<Cell<u64>>,
    task: tokio::task::JoinHandle<()>,
}

impl PeakMemory {
    pub fn kib(&self) -> u64 {
        self.peak.get()
    }
}

impl Drop for PeakMemory {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The machine's 1-minute load average, to record how quiet it was.
pub fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}
