// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QList>
#include <QSslCertificate>
#include <QString>

namespace rd {

// The PEM certificates in `path` (at most 1 MiB), trusted besides the system's for an https
// peer with a private CA: a health check's or a registry's `ca:`. An unreadable file, an
// oversized one, or one without a certificate is an error naming the file.
[[nodiscard]] Result<QList<QSslCertificate>> readTrustedCertificates(const QString &path);

} // namespace rd
