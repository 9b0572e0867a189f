// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

namespace rd::registry {

// One challenge of a WWW-Authenticate header (RFC 9110 §11.6.1): a scheme and its parameters.
// Registries send `Basic realm="…"` or `Bearer realm="…",service="…",scope="…"`. Parameter
// names are lower-cased; values are unquoted and unescaped.
struct AuthChallenge
{
    enum class Scheme { Basic, Bearer, Other };
    Scheme scheme = Scheme::Other;
    QString schemeName;
    QMap<QString, QString> parameters;

    QString realm() const { return parameters.value(QStringLiteral("realm")); }
    QString service() const { return parameters.value(QStringLiteral("service")); }
    QString scope() const { return parameters.value(QStringLiteral("scope")); }
};

// Every challenge in `header` (several may share one header, or come from repeated headers
// joined with ", "). The header is untrusted: it is parsed within fixed bounds (length, number
// of challenges and parameters, value sizes) and anything malformed ends the parse, keeping the
// challenges read so far. Never throws, never loops without consuming input.
QList<AuthChallenge> parseAuthChallenges(const QByteArray &header);

} // namespace rd::registry
