//! The upstream rate limit: a bucket of permits, one per JourneyBee request (the token-bucket
//! algorithm; "token" in this proxy means the fill token). The math lives here once; SQLite keeps the
//! bucket in memory, PostgreSQL in a row every replica shares.

use crate::outbox::{Millis, PermitGrant};

/// A bucket that never lets more than the configured number of requests per minute through
/// in any 60 seconds: it holds at most one second's worth (`capacity`) and refills at the
/// rest of the minute's allowance, so a full bucket plus a minute of refill stays within it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BucketSettings {
    /// Most permits the bucket holds: the largest burst.
    pub capacity: f64,
    /// Tokens added per millisecond.
    pub per_milli: f64,
}

impl BucketSettings {
    /// The bucket for `per_minute` requests a minute (at least 1).
    pub fn per_minute(per_minute: u32) -> Self {
        let per_minute = f64::from(per_minute.max(1));
        let capacity = (per_minute / 60.0).floor().max(1.0);
        let refill_per_minute = (per_minute - capacity).max(1.0);
        Self {
            capacity,
            per_milli: refill_per_minute / 60_000.0,
        }
    }
}

/// One bucket's state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PermitBucket {
    /// Tokens available at `updated_at`.
    pub permits: f64,
    /// When `permits` was last computed.
    pub updated_at: Millis,
    /// Nothing is sent before this (JourneyBee's `Retry-After`).
    pub paused_until: Millis,
}

impl PermitBucket {
    /// A full bucket.
    pub fn full(settings: &BucketSettings, now: Millis) -> Self {
        Self {
            permits: settings.capacity,
            updated_at: now,
            paused_until: 0,
        }
    }

    /// Takes a permit, or says how long until one is available.
    pub fn take(&mut self, settings: &BucketSettings, now: Millis) -> PermitGrant {
        self.refill(settings, now);
        if self.paused_until > now {
            return PermitGrant::Wait((self.paused_until - now) as u64);
        }
        if self.permits >= 1.0 {
            self.permits -= 1.0;
            return PermitGrant::Granted;
        }
        let missing = 1.0 - self.permits;
        PermitGrant::Wait((missing / settings.per_milli).ceil().max(1.0) as u64)
    }

    /// Puts back a permit taken but not used.
    pub fn give_back(&mut self, settings: &BucketSettings, now: Millis) {
        self.refill(settings, now);
        self.permits = (self.permits + 1.0).min(settings.capacity);
    }

    /// Sends nothing before `until`; the bucket is empty when the pause ends, so what was
    /// held back does not all go out at once.
    pub fn pause(&mut self, settings: &BucketSettings, until: Millis, now: Millis) {
        self.refill(settings, now);
        if until > self.paused_until {
            self.paused_until = until;
            self.permits = 0.0;
            self.updated_at = until.max(self.updated_at);
        }
    }

    fn refill(&mut self, settings: &BucketSettings, now: Millis) {
        // Replicas' clocks differ a little: time never runs backwards for the bucket.
        let elapsed = (now - self.updated_at).max(0) as f64;
        self.permits = (self.permits + elapsed * settings.per_milli).min(settings.capacity);
        self.updated_at = self.updated_at.max(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes permits as fast as they come for `minutes`, returns when each was granted.
    fn drain(per_minute: u32, minutes: i64) -> Vec<Millis> {
        let settings = BucketSettings::per_minute(per_minute);
        let mut bucket = PermitBucket::full(&settings, 0);
        let (mut now, mut granted) = (0, Vec::new());
        while now < minutes * 60_000 {
            match bucket.take(&settings, now) {
                PermitGrant::Granted => granted.push(now),
                PermitGrant::Wait(wait) => now += wait as i64,
            }
        }
        granted
    }

    #[test]
    fn no_sixty_seconds_ever_hold_more_than_the_limit() {
        for per_minute in [2, 100, 500, 6000] {
            let granted = drain(per_minute, 5);
            let mut window_start = 0;
            let mut most_in_a_minute = 0;
            for (end, &at) in granted.iter().enumerate() {
                while granted[window_start] <= at - 60_000 {
                    window_start += 1;
                }
                most_in_a_minute = most_in_a_minute.max(end + 1 - window_start);
            }
            assert!(
                most_in_a_minute <= per_minute as usize,
                "{most_in_a_minute} in a minute at {per_minute}/min"
            );
            let share = granted.len() as f64 / (5.0 * f64::from(per_minute));
            if per_minute >= 100 {
                assert!(share >= 0.95, "only {share:.3} of {per_minute}/min used");
            }
        }
    }

    #[test]
    fn a_pause_holds_everything_back_and_restarts_slowly() {
        let settings = BucketSettings::per_minute(600);
        let mut bucket = PermitBucket::full(&settings, 0);
        bucket.pause(&settings, 30_000, 0);
        assert_eq!(bucket.take(&settings, 29_000), PermitGrant::Wait(1_000));
        assert!(matches!(
            bucket.take(&settings, 30_000),
            PermitGrant::Wait(_)
        ));
        assert_eq!(bucket.take(&settings, 30_200), PermitGrant::Granted);
    }

    #[test]
    fn a_returned_permit_can_be_taken_again_but_never_beyond_capacity() {
        let settings = BucketSettings::per_minute(60);
        let mut bucket = PermitBucket::full(&settings, 0);
        assert_eq!(bucket.take(&settings, 0), PermitGrant::Granted);
        assert!(matches!(bucket.take(&settings, 0), PermitGrant::Wait(_)));
        bucket.give_back(&settings, 0);
        bucket.give_back(&settings, 0);
        assert_eq!(bucket.take(&settings, 0), PermitGrant::Granted);
        assert!(matches!(bucket.take(&settings, 0), PermitGrant::Wait(_)));
    }
}
