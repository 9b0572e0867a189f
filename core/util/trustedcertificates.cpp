// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/trustedcertificates.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace rd {

Result<QList<QSslCertificate>> readTrustedCertificates(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Domain::Config, u"cannot read the trusted certificate file %1: %2"_s.arg(path, file.errorString()));
    constexpr qint64 limit = 1 << 20;
    const QByteArray pem = file.read(limit + 1);
    if (pem.size() > limit)
        return fail(Error::Domain::Config, u"the trusted certificate file %1 is larger than 1 MiB"_s.arg(path));
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certificates.isEmpty())
        return fail(Error::Domain::Config, u"the trusted certificate file %1 holds no PEM certificate"_s.arg(path));
    return certificates;
}

} // namespace rd
