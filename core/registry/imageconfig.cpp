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

ImageConfig ImageConfig::fromJson(const QJsonObject &config, const QString &manifestDigest)
{
    ImageConfig result;
    result.manifestDigest = manifestDigest;
    result.created = QDateTime::fromString(config.value(u"created"_s).toString(), Qt::ISODateWithMs);
    const QJsonObject labels = config.value(u"config"_s).toObject().value(u"Labels"_s).toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        result.labels.insert(it.key(), it.value().toString());
    if (!result.created.isValid()) // fall back on the label a build system sets
        result.created = QDateTime::fromString(result.labels.value(u"org.opencontainers.image.created"_s), Qt::ISODateWithMs);
    return result;
}

} // namespace rd::registry
