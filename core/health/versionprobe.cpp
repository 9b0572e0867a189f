// SPDX-License-Identifier: GPL-3.0-or-later
#include "versionprobe.h"

#include "ssh/sharedhosts.h"

#include "checkrunner.h"
#include "config/workspace.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace rd::health {

namespace {

// POSIX sh single quoting: everything literal, a ' written as '\''.
QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

Result<void> checkArtifact(const config::Workspace &workspace, const QString &artifact)
{
    static const QRegularExpression grammar(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"_s);
    if (!workspace.artifact(artifact))
        return fail(Error::Domain::Usage, u"'%1' is not an artifact of this workspace"_s.arg(shortened(artifact.toUtf8(), 60)));
    if (!grammar.match(artifact).hasMatch())
        return fail(Error::Domain::Usage,
                    u"the artifact name '%1' cannot be put into a probe (letters, digits, '.', '_' and '-' only)"_s.arg(
                        shortened(artifact.toUtf8(), 60)));
    return {};
}

} // namespace

Result<QString> probeCommand(const config::Workspace &workspace, const config::VersionProbe &probe,
                             const QString &artifact)
{
    if (auto ok = checkArtifact(workspace, artifact); !ok)
        return std::unexpected(ok.error());
    QString command = probe.command.command;
    command.replace(u"{artifact}"_s, shellQuote(artifact));
    return command;
}

Result<QUrl> probeUrl(const config::Workspace &workspace, const config::VersionProbe &probe, const QString &artifact)
{
    if (auto ok = checkArtifact(workspace, artifact); !ok)
        return std::unexpected(ok.error());
    QString url = probe.http;
    url.replace(u"{artifact}"_s, QString::fromLatin1(QUrl::toPercentEncoding(artifact)));
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid())
        return fail(Error::Domain::Config, u"the version probe URL for '%1' is not a valid URL"_s.arg(artifact));
    return parsed;
}

Result<QString> parseLiveVersion(const QByteArray &text)
{
    const QByteArray trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return fail(Error::Domain::Io, u"the probe gave no version"_s);
    if (trimmed.contains('\n'))
        return fail(Error::Domain::Io, u"the probe gave more than one line: '%1…'"_s.arg(shortened(trimmed, 60)));
    if (trimmed.size() > 200)
        return fail(Error::Domain::Io, u"the probe gave a version longer than 200 characters"_s);
    const QString version = QString::fromUtf8(trimmed);
    for (const QChar c : version) {
        if (!c.isPrint() || c.isSpace())
            return fail(Error::Domain::Io, u"the probe gave '%1', which is not a version"_s.arg(shortened(trimmed, 60)));
    }
    return version;
}

VersionProber::VersionProber(const config::Workspace &workspace, QObject *parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this))
{
    m_network->setAutoDeleteReplies(false);
    for (const config::Environment &environment : workspace.environments) {
        if (!environment.versionProbe)
            continue;
        const config::VersionProbe &probe = *environment.versionProbe;
        for (const config::Artifact &artifact : workspace.artifacts) {
            Job job{environment.name, artifact.name, {}, {}, {}, {}, {}, {}};
            if (!probe.http.isEmpty()) {
                if (auto url = probeUrl(workspace, probe, artifact.name)) {
                    job.url = *url;
                    job.json = probe.json;
                    job.json.replace(u"{artifact}"_s, artifact.name);
                } else {
                    job.problem = url.error().message;
                }
            } else {
                const config::Host *host = workspace.host(probe.command.host);
                if (!host) {
                    job.problem = u"the host '%1' is not defined in the workspace"_s.arg(probe.command.host);
                } else if (auto command = probeCommand(workspace, probe, artifact.name)) {
                    job.command = *command;
                    job.directory = workspace.directory();
                    if (!host->local) {
                        if (auto remote = ssh::sharedHost(workspace, host->name))
                            job.host = *remote;
                        else
                            job.problem = remote.error().message;
                    }
                } else {
                    job.problem = command.error().message;
                }
            }
            m_jobs.append(job);
            m_results.append({environment.name, artifact.name, {}, {}});
        }
    }
}

VersionProber::~VersionProber()
{
    m_limiter.clear();
    qDeleteAll(findChildren<QNetworkReply *>(Qt::FindDirectChildrenOnly));
}

void VersionProber::run()
{
    if (m_started)
        return;
    m_started = true;
    m_pending = m_jobs.size();
    if (m_jobs.isEmpty()) {
        QMetaObject::invokeMethod(this, &VersionProber::finished, Qt::QueuedConnection);
        return;
    }
    for (qsizetype i = 0; i < m_jobs.size(); ++i)
        m_limiter.submit([this, i](TaskLimiter::Release release) { probe(i, std::move(release)); });
}

void VersionProber::probe(qsizetype index, TaskLimiter::Release release)
{
    const Job &job = m_jobs[index];
    if (!job.problem.isEmpty()) {
        QMetaObject::invokeMethod(this, [this, index, release] { done(index, {}, m_jobs[index].problem, release); },
                                  Qt::QueuedConnection);
        return;
    }
    if (!job.command.isEmpty()) {
        CommandRequest request{job.command, job.directory, m_timeout, 64 * 1024, job.host};
        runCommand(request, this, [this, index, release](const CommandAnswer &answer) {
            if (!answer.error.isEmpty())
                return done(index, {}, answer.error, release);
            if (answer.exitCode != 0) {
                const QString said = shortened(answer.err.isEmpty() ? answer.out : answer.err);
                return done(index, {},
                            u"the probe exited with status %1"_s.arg(answer.exitCode) + (said.isEmpty() ? QString() : u": "_s + said),
                            release);
            }
            auto version = parseLiveVersion(answer.out);
            done(index, version.value_or(QString()), version ? QString() : version.error().message, release);
        });
        return;
    }
    HttpRequest request{job.url, m_timeout, 1 << 20, {}};
    httpGet(*m_network, request, this, [this, index, release](const HttpAnswer &answer) {
        const Job &j = m_jobs[index];
        if (!answer.error.isEmpty())
            return done(index, {}, answer.error, release);
        if (answer.status != 200)
            return done(index, {}, u"GET %1 answered HTTP %2"_s.arg(j.url.toDisplayString()).arg(answer.status), release);
        QString error;
        const std::optional<QString> field = jsonField(answer.body, j.json, &error);
        if (!field)
            return done(index, {}, u"GET %1: %2"_s.arg(j.url.toDisplayString(), error), release);
        auto version = parseLiveVersion(field->toUtf8());
        done(index, version.value_or(QString()), version ? QString() : version.error().message, release);
    });
}

void VersionProber::done(qsizetype index, QString version, QString error, const TaskLimiter::Release &release)
{
    m_results[index].version = std::move(version);
    m_results[index].error = std::move(error);
    release();
    if (--m_pending == 0)
        Q_EMIT finished();
}

} // namespace rd::health
