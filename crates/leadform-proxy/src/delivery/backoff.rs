//! When to try again: exponential backoff with jitter, so a recovering JourneyBee is not
//! met by every queued lead at the same instant.

use std::time::Duration;

/// The delay before the attempt after `attempts` attempts: `base · 2^(attempts-1)`, capped
/// at `max`, then drawn uniformly from its upper half ("equal jitter").
pub fn delay(attempts: u32, base: Duration, max: Duration) -> Duration {
    let doubled = base.saturating_mul(1u32 << attempts.saturating_sub(1).min(30));
    let ceiling = doubled.min(max).max(Duration::from_millis(1));
    let half = ceiling / 2;
    half + ceiling.mul_f64(rand::random::<f64>() * 0.5)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::delay;

    #[test]
    fn delays_double_up_to_the_cap_and_stay_in_their_upper_half() {
        let (base, max) = (Duration::from_secs(1), Duration::from_secs(600));
        for (attempts, ceiling) in [(1, 1), (2, 2), (3, 4), (10, 512), (11, 600), (40, 600)] {
            let ceiling = Duration::from_secs(ceiling);
            for _ in 0..50 {
                let wait = delay(attempts, base, max);
                assert!(
                    wait >= ceiling / 2 && wait <= ceiling,
                    "attempt {attempts}: {wait:?} outside {:?}..={ceiling:?}",
                    ceiling / 2
                );
            }
        }
    }

    #[test]
    fn jitter_spreads_the_retries() {
        let waits: std::collections::BTreeSet<Duration> = (0..20)
            .map(|_| delay(5, Duration::from_secs(1), Duration::from_secs(600)))
            .collect();
        assert!(waits.len() > 10, "{waits:?}");
    }
}
