//! The servers a run drives: one Hearth, or the instances of a cluster.
//!
//! Players are dealt to the instances round robin (player `i` plays on
//! instance `i mod n`), as a load balancer spreading connections evenly
//! would. A cluster keeps its accounts in Redis, where every instance sees
//! them, so accounts are signed in through the first instance. Each
//! instance's process and counters are read apart, so that a report can
//! tell the leader's cost from the others'.

use anyhow::{anyhow, bail};

use crate::accounts::Http;
use crate::process::Process;

#[derive(Clone)]
pub struct Instance {
    pub address: String,
    pub http: Http,
    pub pid: Option<u32>,
}

impl Instance {
    pub fn process(&self) -> Option<Process> {
        self.pid.map(Process::pid)
    }
}

#[derive(Clone)]
pub struct Instances(Vec<Instance>);

impl Instances {
    /// The servers at `addresses`, with their process ids `pids` (none, or
    /// one per server in the same order).
    pub fn new(addresses: &[String], pids: &[u32]) -> anyhow::Result<Instances> {
        if addresses.is_empty() {
            bail!("--server names no server");
        }
        if !pids.is_empty() && pids.len() != addresses.len() {
            bail!(
                "--server-pid names {} processes for {} servers: give one per server, in the same order",
                pids.len(),
                addresses.len()
            );
        }
        Ok(Instances(
            addresses
                .iter()
                .enumerate()
                .map(|(index, address)| Instance {
                    address: address.clone(),
                    http: Http::new(address),
                    pid: pids.get(index).copied(),
                })
                .collect(),
        ))
    }

    pub fn first(&self) -> &Instance {
        &self.0[0]
    }

    pub fn all(&self) -> &[Instance] {
        &self.0
    }

    pub fn addresses(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|instance| instance.address.clone())
            .collect()
    }

    /// The name of a measure of instance `index`: "server WHAT" for a lone
    /// server (as the single-server reports always said), "instance N WHAT"
    /// in a cluster.
    pub fn label(&self, index: usize, what: &str) -> String {
        if self.0.len() == 1 {
            format!("server {what}")
        } else {
            format!("instance {} {what}", index + 1)
        }
    }

    /// The instance that runs the game now, as the instances' `/healthz`
    /// say (`"cluster": {"leader": true}`).
    pub async fn leader(&self) -> anyhow::Result<usize> {
        for (index, instance) in self.0.iter().enumerate() {
            let health = instance.http.health().await?;
            if health["cluster"]["leader"].as_bool() == Some(true) {
                return Ok(index);
            }
        }
        Err(anyhow!(
            "no instance's /healthz says it is the cluster's leader"
        ))
    }
}

/// Where player `index` of `addresses` plays.
pub fn address_of_player(addresses: &[String], index: usize) -> &str {
    &addresses[index % addresses.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addresses(list: &[&str]) -> Vec<String> {
        list.iter().map(|address| (*address).to_owned()).collect()
    }

    #[test]
    fn players_are_dealt_round_robin() {
        let two = addresses(&["a:1", "b:2"]);
        let dealt: Vec<&str> = (0..5).map(|index| address_of_player(&two, index)).collect();
        assert_eq!(dealt, ["a:1", "b:2", "a:1", "b:2", "a:1"]);
    }

    #[test]
    fn a_pid_is_needed_for_every_server_or_for_none() {
        let two = addresses(&["a:1", "b:2"]);
        let error = Instances::new(&two, &[7]).err().expect("one pid for two");
        assert!(error.to_string().contains("1 processes for 2 servers"));
        assert_eq!(Instances::new(&two, &[7, 8]).unwrap().all()[1].pid, Some(8));
        assert_eq!(Instances::new(&two, &[]).unwrap().all()[1].pid, None);
    }

    #[test]
    fn a_lone_server_keeps_the_single_server_names() {
        let one = Instances::new(&addresses(&["a:1"]), &[]).unwrap();
        assert_eq!(one.label(0, "CPU"), "server CPU");
        let two = Instances::new(&addresses(&["a:1", "b:2"]), &[]).unwrap();
        assert_eq!(two.label(1, "CPU"), "instance 2 CPU");
    }
}
