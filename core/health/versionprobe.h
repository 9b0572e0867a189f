// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tasklimiter.h"
#include "ssh/commandhost.h"
#include "util/error.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>
#include <chrono>
#include <memory>

class QNetworkAccessManager;

namespace rd::config {
struct Workspace;
struct VersionProbe;
} // namespace rd::config

namespace rd::health {

// The version an environment actually runs of an artifact, as its version_probe says.
struct LiveVersion
{
    QString environment;
    QString artifact;
    QString version;   // empty when the probe failed; then `error` says why
    QString error;
};

// A command probe's command for one artifact: `{artifact}` replaced by the artifact's name,
// which must be an artifact of the workspace, shell-quoted.
Result<QString> probeCommand(const config::Workspace &workspace, const config::VersionProbe &probe,
                             const QString &artifact);
// An HTTP probe's URL and JSON field for one artifact (`{artifact}` percent-encoded in the URL).
Result<QUrl> probeUrl(const config::Workspace &workspace, const config::VersionProbe &probe, const QString &artifact);

// What a probe printed or answered, checked as a version: one line of at most 200 printable
// characters without spaces. The error is one sentence.
Result<QString> parseLiveVersion(const QByteArray &text);

// Probes every artifact in every environment that has a version_probe, at most
// `maxConcurrent` at a time, and emits finished() once with all the results in workspace
// order (environments, then artifacts).
class VersionProber : public QObject
{
    Q_OBJECT
public:
    explicit VersionProber(const config::Workspace &workspace, QObject *parent = nullptr);
    ~VersionProber() override;

    void setMaxConcurrent(int limit) { m_limiter.setLimit(limit); }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    void run();
    bool isFinished() const { return m_pending == 0 && m_started; }
    const QList<LiveVersion> &results() const { return m_results; }

Q_SIGNALS:
    void finished();

private:
    void probe(qsizetype index, TaskLimiter::Release release);
    void done(qsizetype index, QString version, QString error, const TaskLimiter::Release &release);

    struct Job
    {
        QString environment;
        QString artifact;
        QString command;        // a command probe on this machine…
        QString directory;
        QUrl url;               // …or an HTTP probe…
        QString json;
        QString problem;        // …or why it cannot run
        std::shared_ptr<ssh::CommandHost> host; // a command probe on an SSH host
    };
    QList<Job> m_jobs;
    QList<LiveVersion> m_results;
    QNetworkAccessManager *m_network;
    TaskLimiter m_limiter{8};
    std::chrono::milliseconds m_timeout{10'000};
    qsizetype m_pending = 0;
    bool m_started = false;
};

} // namespace rd::health
