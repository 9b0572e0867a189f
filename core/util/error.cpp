// SPDX-License-Identifier: GPL-3.0-or-later
#include "error.h"

using namespace Qt::StringLiterals;

namespace rd {

QString SourceLocation::toString() const
{
    if (file.isEmpty())
        return {};
    if (line <= 0)
        return file;
    if (column <= 0)
        return u"%1:%2"_s.arg(file).arg(line);
    return u"%1:%2:%3"_s.arg(file).arg(line).arg(column);
}

QString Error::toString() const
{
    return location.isValid() ? location.toString() + u": "_s + message : message;
}

} // namespace rd
