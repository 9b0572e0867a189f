// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/commandhost.h"

#include <QStringList>

namespace rd::ssh {

QString ExecResult::tailText(int lines) const
{
    QStringList texts;
    for (qsizetype i = std::max<qsizetype>(0, tail.size() - lines); i < tail.size(); ++i)
        texts.append(tail.at(i).text);
    return texts.join(u'\n');
}

} // namespace rd::ssh
