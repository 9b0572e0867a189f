// SPDX-License-Identifier: GPL-3.0-or-later
#include "reference.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace rd::registry {

bool isValidTag(QStringView tag)
{
    static const QRegularExpression re(u"\\A[A-Za-z0-9_][A-Za-z0-9._-]{0,127}\\z"_s);
    return re.matchView(tag).hasMatch();
}

bool isValidRepositoryName(QStringView name)
{
    static const QRegularExpression re(
        u"\\A[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*\\z"_s);
    return name.size() <= 255 && re.matchView(name).hasMatch();
}

bool isValidDigest(QStringView digest)
{
    static const QRegularExpression re(u"\\Asha256:[a-f0-9]{64}\\z"_s);
    return re.matchView(digest).hasMatch();
}

} // namespace rd::registry
