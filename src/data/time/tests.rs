use super::*;

#[test]
fn accepts_iana_zones_and_refuses_abbreviations_and_offsets() {
    assert_eq!(zone_problem("Europe/Istanbul"), None);
    assert_eq!(zone_problem("America/Los_Angeles"), None);
    for bad in ["EST", "UTC+4", "GMT", "CET", "Etc/GMT-4", "Europe/Atlantis"] {
        assert!(zone_problem(bad).is_some(), "{bad}");
    }
}

#[test]
fn parses_clock_times_with_24_00_only_as_close() {
    assert_eq!(clock_time("08:30", false), Some(510));
    assert_eq!(clock_time("24:00", true), Some(1440));
    assert_eq!(clock_time("24:00", false), None);
    assert_eq!(clock_time("8:30", false), None);
    assert_eq!(clock_time("12:60", false), None);
}

#[test]
fn parses_durations_into_one_unit() {
    assert_eq!(
        duration("PT4H"),
        Ok(Amount {
            value: 4,
            unit: "hour"
        })
    );
    assert_eq!(
        duration("P1D"),
        Ok(Amount {
            value: 1,
            unit: "day"
        })
    );
    assert_eq!(
        duration("PT1H30M"),
        Ok(Amount {
            value: 90,
            unit: "minute"
        })
    );
    assert!(duration("P1M").is_err());
    assert!(duration("4 hours").is_err());
    assert!(duration("PT0M").is_err());
}

#[test]
fn overnight_hours_continue_on_the_next_day_and_cover_checks_minutes() {
    let cal: Calendar = crate::yaml::from_str(
        "id: x\ntime_zone: Europe/Istanbul\nweekly:\n  - {days: [sun], open: \"22:00\", close: \"06:00\", overnight: true}\n",
    )
    .unwrap();
    let week = Week::of(&cal);
    assert_eq!(week.0[6], vec![(1320, 1440)]);
    assert_eq!(week.0[0], vec![(0, 360)]);
    assert_eq!(week.open_minutes(), 480);
    let always = Week([(); 7].map(|_| vec![(0, 1440)]));
    assert!(always.covers(&week));
    assert!(!week.covers(&always));
}
