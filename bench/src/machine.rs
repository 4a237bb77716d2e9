//! What machine this is, and how fast its disk makes a write durable.

use std::fs::OpenOptions;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// `nproc`, the CPU model, memory and the disk under `dir`, one line each.
pub fn describe(dir: &Path) -> Vec<String> {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown".to_owned(), |m| m.trim().to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kb: u64 = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let df = Command::new("df")
        .args(["-h", "--output=source,fstype,size"])
        .arg(dir)
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .nth(1)
                .unwrap_or("")
                .to_owned()
        })
        .unwrap_or_default();
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    vec![
        format!("nproc: {cpus}"),
        format!("CPU: {model}"),
        format!("memory: {:.1} GiB", mem_kb as f64 / 1024.0 / 1024.0),
        format!(
            "disk (bench database): {}",
            df.split_whitespace().collect::<Vec<_>>().join(" ")
        ),
        format!("kernel: {}", kernel.trim()),
    ]
}

/// Durable writes per second on the disk under `dir`: append 4 KiB and
/// `fdatasync`, one after another, for `duration` — what one SQLite commit
/// with `synchronous=FULL` costs at least (it syncs the WAL).
pub fn fsync_per_second(dir: &Path, duration: Duration) -> f64 {
    let path = dir.join("fsync-probe");
    let file = OpenOptions::new()
        .create(true)
        .truncate(true)
        .read(true)
        .write(true)
        .open(&path)
        .expect("the probe file opens");
    let block = [0x5a_u8; 4096];
    let start = Instant::now();
    let mut n: u64 = 0;
    while start.elapsed() < duration {
        file.write_all_at(&block, n * 4096).expect("probe write");
        file.sync_data().expect("probe fdatasync");
        n += 1;
    }
    let rate = n as f64 / start.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(path);
    rate
}
