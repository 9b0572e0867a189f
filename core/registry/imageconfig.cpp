// SPDX-License-Identifier: GPL-3.0-or-later
#include "imageconfig.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace rd::registry {

QString ImageConfig::revision() const
{
    static const QRegularExpression commitId(u"\\A[0-9a-f]{40}\\z"_s);
    const QString value = labels.value(u"org.opencontainers.image.revision"_s);
    return commitId.match(value).hasMatch() ? value : QString();
}

} // namespace rd::registry
