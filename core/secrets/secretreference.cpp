// SPDX-License-Identifier: GPL-3.0-or-later
#include "secrets/secretreference.h"

#include "secrets/keyring.h"

#include <QtEnvironmentVariables>

using namespace Qt::StringLiterals;

namespace rd::secrets {

ReferenceKind referenceKind(QStringView reference)
{
    if (reference.startsWith(u"env:") && reference.size() > 4)
        return ReferenceKind::Environment;
    if (reference.startsWith(u"keyring:") && reference.size() > 8)
        return ReferenceKind::Keyring;
    return ReferenceKind::None;
}

Result<QByteArray> readSecret(QStringView reference, const QString &purpose)
{
    switch (referenceKind(reference)) {
    case ReferenceKind::Environment: {
        const QByteArray variable = reference.mid(4).toLocal8Bit();
        const QByteArray value = qgetenv(variable.constData());
        if (value.isEmpty())
            return fail(Error::Domain::Config,
                        u"%1 names the environment variable %2, which is not set"_s.arg(purpose, QString::fromLocal8Bit(variable)));
        return value;
    }
    case ReferenceKind::Keyring: {
        auto secret = readKeyringSecret(reference.mid(8).toString());
        if (!secret) // the keyring's sentence, said about what the secret is for
            return fail(secret.error().domain, u"%1 (%2): %3"_s.arg(purpose, reference.toString(), secret.error().message));
        return secret;
    }
    case ReferenceKind::None:
        break;
    }
    return fail(Error::Domain::Config, u"%1 is not a secret reference (env:VAR or keyring:NAME)"_s.arg(purpose));
}

} // namespace rd::secrets
