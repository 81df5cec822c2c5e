//! Release dates as the catalog holds them (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`
//! or a timestamp), written the ways feeds need them. The feeds write them,
//! and the manifest sorts the site-wide feed's releases by them.

/// A `YYYY-MM-DD` release date (or `YYYY-MM`, `YYYY`, or a longer
/// timestamp starting with a date) as `(year, month, day)`; `None` for
/// anything else.
fn parse_date(date: &str) -> Option<(i64, u32, u32)> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let date = date.trim();
    let head = date.get(..10.min(date.len()))?;
    let mut parts = head.split('-');
    let year = parts.next().filter(|y| y.len() == 4 && digits(y))?;
    let month = match parts.next() {
        None => "01",
        Some(m) if m.len() == 2 && digits(m) => m,
        Some(_) => return None,
    };
    let day = match parts.next() {
        None => "01",
        Some(d) if d.len() == 2 && digits(d) => d,
        Some(_) => return None,
    };
    if date.len() > 10 && !date[10..].starts_with(['T', ' ', 't']) {
        return None;
    }
    let (y, m, d): (i64, u32, u32) = (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// A release date as RFC 3339 (Atom's `updated`), at midnight UTC.
pub fn rfc3339(date: Option<&str>) -> Option<String> {
    let (y, m, d) = parse_date(date?)?;
    Some(format!("{y:04}-{m:02}-{d:02}T00:00:00Z"))
}

/// A release date as RFC 2822 (RSS's `pubDate`), at midnight UTC.
pub fn rfc2822(date: Option<&str>) -> Option<String> {
    let (y, m, d) = parse_date(date?)?;
    // Days since 1970-01-01 (a Thursday), from Howard Hinnant's algorithm.
    let (yy, mm) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * i64::from(mm) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    Some(format!(
        "{}, {d:02} {} {y:04} 00:00:00 +0000",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[m as usize - 1]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            rfc3339(Some("2024-02-29")).as_deref(),
            Some("2024-02-29T00:00:00Z")
        );
        assert_eq!(
            rfc3339(Some("2023")).as_deref(),
            Some("2023-01-01T00:00:00Z")
        );
        assert_eq!(
            rfc3339(Some("2023-05-06T10:00:00Z")).as_deref(),
            Some("2023-05-06T00:00:00Z")
        );
        for bad in [
            "",
            "2023-02-29",
            "2023-13-01",
            "20x3",
            "2023-1-1",
            "2023-05-06x",
            "<b>",
        ] {
            assert_eq!(rfc3339(Some(bad)), None, "{bad}");
        }
        assert_eq!(
            rfc2822(Some("1970-01-01")).as_deref(),
            Some("Thu, 01 Jan 1970 00:00:00 +0000")
        );
        assert_eq!(
            rfc2822(Some("2024-02-29")).as_deref(),
            Some("Thu, 29 Feb 2024 00:00:00 +0000")
        );
        assert_eq!(
            rfc2822(Some("2000-03-01")).as_deref(),
            Some("Wed, 01 Mar 2000 00:00:00 +0000")
        );
        assert_eq!(
            rfc2822(Some("1969-12-31")).as_deref(),
            Some("Wed, 31 Dec 1969 00:00:00 +0000")
        );
    }
}
