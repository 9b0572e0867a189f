// SPDX-License-Identifier: GPL-3.0-or-later
#include "duration.h"

using namespace Qt::StringLiterals;

namespace rd {

std::optional<std::chrono::seconds> parseDuration(QStringView text)
{
    if (text.isEmpty() || text.size() > 32)
        return std::nullopt;
    qint64 total = 0;
    qint64 number = -1;
    for (const QChar c : text) {
        if (c.isDigit() && c.unicode() < 128) {
            number = (number < 0 ? 0 : number) * 10 + (c.unicode() - '0');
            if (number > 100'000'000)
                return std::nullopt;
            continue;
        }
        if (number < 0)
            return std::nullopt;
        qint64 unit = 0;
        switch (c.unicode()) {
        case 's': unit = 1; break;
        case 'm': unit = 60; break;
        case 'h': unit = 3600; break;
        case 'd': unit = 86400; break;
        default: return std::nullopt;
        }
        total += number * unit;
        number = -1;
    }
    if (number >= 0) // a trailing number without a unit is ambiguous: refuse it
        return std::nullopt;
    return std::chrono::seconds(total);
}

QString formatAge(std::chrono::seconds age)
{
    const qint64 s = std::max<qint64>(0, age.count());
    if (s < 60)
        return u"%1 s"_s.arg(s);
    if (s < 3600)
        return u"%1 min"_s.arg(s / 60);
    if (s < 2 * 86400)
        return u"%1 h"_s.arg(s / 3600);
    if (s < 60 * 86400)
        return u"%1 d"_s.arg(s / 86400);
    if (s < 730 * 86400)
        return u"%1 mo"_s.arg(s / (30 * 86400));
    return u"%1 y"_s.arg(s / (365 * 86400));
}

} // namespace rd
