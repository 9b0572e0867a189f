// SPDX-License-Identifier: GPL-3.0-or-later
#include "checkspec.h"

#include "ssh/sharedhosts.h"

#include "config/workspace.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace rd::health {

QList<QSslCertificate> readTrustedCertificates(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read the trusted certificate file %1: %2"_s.arg(path, file.errorString());
        return {};
    }
    constexpr qint64 limit = 1 << 20;
    const QByteArray pem = file.read(limit + 1);
    if (pem.size() > limit) {
        *error = u"the trusted certificate file %1 is larger than 1 MiB"_s.arg(path);
        return {};
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certificates.isEmpty())
        *error = u"the trusted certificate file %1 holds no PEM certificate"_s.arg(path);
    return certificates;
}

CheckSpec checkSpec(const config::Workspace &workspace, const config::Environment &environment,
                    const config::HealthCheck &check)
{
    CheckSpec spec;
    spec.environment = environment.name;
    spec.name = check.name;
    spec.interval = check.interval;
    spec.timeout = check.timeout;
    spec.failureThreshold = std::max(1, check.failureThreshold);
    if (check.isHttp()) {
        spec.kind = CheckSpec::Kind::Http;
        spec.url = QUrl(check.http, QUrl::StrictMode);
        spec.expect = check.expect;
        spec.bodyContains = check.body;
        spec.jsonField = check.json;
        spec.jsonEquals = check.equals;
        if (!check.ca.isEmpty()) {
            QString error;
            spec.trusted = readTrustedCertificates(workspace.resolvePath(check.ca), &error);
            if (!error.isEmpty()) {
                spec.kind = CheckSpec::Kind::Unavailable;
                spec.unavailableReason = error;
            }
        }
        return spec;
    }
    spec.command = check.command.command;
    const config::Host *host = workspace.host(check.command.host);
    if (!host) {
        spec.unavailableReason = u"the host '%1' is not defined in the workspace"_s.arg(check.command.host);
    } else if (!host->local) {
        if (auto remote = ssh::sharedHost(workspace, host->name)) {
            spec.kind = CheckSpec::Kind::Command;
            spec.host = *remote;
        } else {
            spec.unavailableReason = remote.error().message;
        }
    } else {
        spec.kind = CheckSpec::Kind::Command;
        spec.workingDirectory = workspace.directory();
    }
    return spec;
}

QList<CheckSpec> checkSpecs(const config::Workspace &workspace)
{
    QList<CheckSpec> specs;
    for (const config::Environment &environment : workspace.environments) {
        for (const config::HealthCheck &check : environment.health)
            specs.append(checkSpec(workspace, environment, check));
    }
    return specs;
}

} // namespace rd::health
