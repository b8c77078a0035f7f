"""Solar sankrantis for the traditional Bangla calendar of West Bengal.

A traditional month begins when the Sun enters a sidereal sign (Boishakh at
Mesha, 0°). The Sun's tropical longitude comes from the low-precision formula
of Meeus (*Astronomical Algorithms*, ch. 25, about 0.01°), minus the Lahiri
ayanamsa (23.853° at J2000, growing 50.29″ a year). West Bengal almanacs start
the month on the civil day after the sankranti when it falls before midnight,
and a day later when it falls after midnight; counting days in Indian time
(UTC+05:30), both cases are "the day after the date of the sankranti". The
almanacs use the Surya Siddhanta rather than modern astronomy, so a month start
can differ by a day.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

J2000 = 2451545.0
ORDINAL_TO_JD = 1721424.5  # Julian day of date.fromordinal(n) at 00:00 UTC is n + this
IST_DAYS = 5.5 / 24
SOLAR_RATE = 0.9856  # degrees a day


def sidereal_longitude(jd: float) -> float:
    """The Sun's sidereal (Lahiri) longitude in degrees at Julian day ``jd`` (UT)."""
    t = (jd - J2000) / 36525
    mean = 280.46646 + 36000.76983 * t
    anomaly = math.radians(357.52911 + 35999.05029 * t)
    centre = (
        (1.914602 - 0.004817 * t) * math.sin(anomaly)
        + 0.019993 * math.sin(2 * anomaly)
        + 0.000289 * math.sin(3 * anomaly)
    )
    ayanamsa = 23.853 + 50.29 / 3600 * t * 100
    return (mean + centre - ayanamsa) % 360


def sankranti(year: int, month: int) -> float:
    """Julian day (UT) when the Sun enters the sign of ``month`` (0 = Boishakh) of ``year`` BS."""
    guess = date(year + 593, 4, 14).toordinal() + ORDINAL_TO_JD + month * 30.44
    target = 30.0 * month
    for _ in range(6):
        diff = (target - sidereal_longitude(guess) + 180) % 360 - 180
        guess += diff / SOLAR_RATE
    return guess


def month_start(year: int, month: int) -> date:
    """First day of traditional month ``month`` (0 = Boishakh) of ``year`` BS.

    >>> month_start(1431, 0), month_start(1432, 0)
    (datetime.date(2024, 4, 14), datetime.date(2025, 4, 15))
    """
    local = sankranti(year, month) + IST_DAYS - ORDINAL_TO_JD
    return date.fromordinal(math.floor(local)) + timedelta(days=1)
