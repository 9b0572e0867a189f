// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>

namespace rd::registry {

// What an image says about itself in its config blob: when it was built and its labels.
struct ImageConfig
{
    QString manifestDigest;
    QDateTime created;                 // invalid when the image does not say
    QMap<QString, QString> labels;

    // org.opencontainers.image.revision when it is a full 40-hex commit id, else empty.
    QString revision() const;
    // The parts of an image config blob (OCI / Docker image config JSON) we use: `created`
    // (else the org.opencontainers.image.created label) and config.Labels.
    static ImageConfig fromJson(const QJsonObject &config, const QString &manifestDigest);

    // org.opencontainers.image.version, or empty.
    QString version() const { return labels.value(QStringLiteral("org.opencontainers.image.version")); }
};

} // namespace rd::registry
