// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QStringList>
#include <QString>
#include <chrono>
#include <optional>

// The workspace file (releasedeck.yaml, version 1) as validated value types. Nothing here
// holds a secret: credentials are references ("env:VAR", "keyring:NAME", "docker-config",
// "agent", "file:PATH") resolved only when a connection is made. Every item remembers where
// it was written so later errors can point back at the file.
namespace rd::config {

struct Registry
{
    QString name;
    QString url;                       // https://…, http://… (needs insecure) or oci-layout:DIR
    QString credentials = QStringLiteral("none");  // none | docker-config | env:VAR | keyring:NAME
    bool insecure = false;
    SourceLocation location;
    QString ca;                        // https: PEM certificate(s) to trust besides the system's, optional

    bool isOciLayout() const { return url.startsWith(u"oci-layout:"); }
    QString ociLayoutDir() const { return url.mid(11); } // relative to the workspace file
};

struct Host
{
    QString name;
    bool local = false;                // runs commands on this machine
    QString address;
    int port = 22;
    QString user;
    QString identity = QStringLiteral("agent");    // agent | file:PATH
    SourceLocation location;
    bool portSet = false;              // `port` was written (else ~/.ssh/config's Port may apply)
    QString passphrase;                // of a file: identity: env:VAR | keyring:NAME, optional
    QString knownHosts;                // workspace known_hosts file, relative to the file; optional
                                       // (default: <workspace folder>/.releasedeck/known_hosts)
};

struct Repository
{
    QString name;
    QString url;                       // remote URL, or a local path relative to the workspace file
    SourceLocation location;
    QString identity = QStringLiteral("agent");    // ssh remotes: agent | file:PATH
    QString passphrase;                // of a file: identity: env:VAR | keyring:NAME, optional
};

// Which old versions of an artifact `cleanup` may delete from its registry: every version
// tag except the newest `keep` and those younger than `keepDays` (0 = no age rule). Images
// an environment tag or the rollback history references are never deleted, whatever this says.
struct Retention
{
    int keep = 10;
    int keepDays = 0;
    SourceLocation location;
};

struct Artifact
{
    QString name;
    QString registry;                  // a Registry name
    QString image;                     // repository inside the registry, e.g. org/hockey-api
    QString repository;                // a Repository name, optional
    QString path;                      // scopes diff and changelog inside the repository, optional
    QString versions;                  // glob of version tags; empty = semver-like tags
    SourceLocation location;
    std::optional<Retention> retention = std::nullopt; // cleanup policy; none = cleanup leaves it alone
};

struct Command
{
    QString host;                      // a Host name
    QString command;
};

struct DeployStep
{
    enum class Kind { Ssh, Local };
    Kind kind = Kind::Ssh;
    QString host;                      // for Ssh: a Host name
    QString command;
    SourceLocation location;
};

struct HealthCheck
{
    QString name;                      // defaults to the URL or command
    QString http;                      // either an URL…
    int expect = 200;
    Command command;                   // …or a command on a host
    std::chrono::seconds interval{30};
    std::chrono::seconds timeout{5};
    SourceLocation location;
    int failureThreshold = 3;          // consecutive failures before the check counts as down
    QString body;                      // HTTP: text the answer must contain, optional
    QString json;                      // HTTP: a field of the JSON answer ("a.b"), optional…
    QString equals;                    // …and the text it must equal
    QString ca;                        // HTTP: PEM certificate(s) to trust, relative to the file

    bool isHttp() const { return !http.isEmpty(); }
};

struct VersionProbe
{
    QString http;                      // URL answering JSON…
    QString json;                      // …and the field holding the version
    Command command;                   // or a command printing the version
    SourceLocation location;
};

struct Backups
{
    QString host;                      // a Host name
    QString path;
    QString pattern = QStringLiteral("*");
    std::chrono::seconds maxAge{26 * 3600};
    std::chrono::seconds retention{30 * 86400};
    QString command;                   // "back up now", optional
    QString restore;                   // restores one backup: a command using {file}, optional
    std::chrono::seconds interval{600};   // how often the GUI re-reads the status
    SourceLocation location;
};

// How a protected environment's branch is changed (key `pull_request`): through a pull request
// (GitHub) or merge request (GitLab) opened over the forge's REST API instead of a direct push.
struct PullRequest
{
    enum class Forge { GitHub, GitLab };
    Forge forge = Forge::GitHub;
    QString api;                       // https://api.github.com, https://gitlab.com/api/v4, …
    QString project;                   // GitHub: owner/name; GitLab: numeric id or group/name
    QString token;                     // a secret reference: env:VAR | keyring:NAME
    bool merge = false;                // merge it when the forge says it can be; false: leave it for review
    SourceLocation location;
};

struct Environment
{
    QString name;
    QString tag;                       // registry tag marking what runs here (default: name)
    QString branch;                    // git branch marking it (GitOps), optional
    bool isProtected = false;
    QList<DeployStep> deploy;
    QList<HealthCheck> health;
    std::optional<VersionProbe> versionProbe;
    std::optional<Backups> backups;
    // Host actions on an artifact of this environment (one command each, like a deploy step):
    // restart it, show its last log lines ({lines}), print its status. Optional.
    std::optional<DeployStep> restart;
    std::optional<DeployStep> logs;
    std::optional<DeployStep> status;
    SourceLocation location;
    // Promotion (issue 7): steps that take the environment back to an older version (empty:
    // the deploy steps are run again with the older version), how long verification waits
    // for the health checks, the git tag each promotion leaves, and whether a branch that
    // cannot be fast-forwarded is merged instead of the promotion being refused.
    QList<DeployStep> rollback;
    std::chrono::seconds verifyTimeout{120};
    QString gitTag = QStringLiteral("{env}-{version}");   // empty: no tag
    bool merge = false;
    // Environments a promotion into this one may take its version from (key `promote_from`);
    // empty: only the environment before it in promotion order (see Policy::allowSkip).
    QStringList promoteFrom;
    // Protected environments: change the branch through a pull request (issue 7), optional.
    std::optional<PullRequest> pullRequest = std::nullopt;
    // Registry tags pointed at the promoted version after the environment tag (`also_tag`,
    // e.g. latest), in order.
    QStringList alsoTag;
};

// A time when promotions and rollbacks into some environments are refused unless someone types
// a reason (policy `freeze:`). Either once — from `from` to `to`, absolute times — or weekly —
// on `days`, from `startMinute` to `endMinute` of the day in `timeZone`; an end at or before the
// start ends the next day, 1440 is midnight at the end of the day.
struct FreezeWindow
{
    QString reason;
    QStringList environments;          // empty: every environment
    QDateTime from;                    // once
    QDateTime to;
    QList<int> days;                   // weekly: 1 = Monday … 7 = Sunday
    int startMinute = 0;
    int endMinute = 1440;
    QByteArray timeZone = QByteArrayLiteral("UTC");   // IANA id, e.g. Europe/Berlin
    SourceLocation location;

    bool isWeekly() const { return !days.isEmpty(); }
    bool appliesTo(QStringView environment) const
    {
        return environments.isEmpty() || environments.contains(environment);
    }
};

struct Policy
{
    std::chrono::seconds minInterval{0};
    int maxRollbacksPerHour = 0;       // 0 = unlimited
    int maxConcurrentDeploys = 0;      // 0 = unlimited
    bool autoRollback = true;
    bool allowSkip = false;            // promotions may come from any earlier environment
    QList<FreezeWindow> freeze;
};

struct Notification
{
    enum class Kind { Slack, Telegram, Webhook };
    Kind kind = Kind::Webhook;
    QString target;                    // a secret reference: env:VAR | keyring:NAME
    SourceLocation location;
};

struct Workspace
{
    int version = 1;
    QString name;
    QString file;                      // absolute path of the workspace file
    QList<Registry> registries;
    QList<Host> hosts;
    QList<Repository> repositories;
    QList<Artifact> artifacts;
    QList<Environment> environments;   // in promotion order
    Policy policy;
    QList<Notification> notifications;

    // The folder relative paths in the file are resolved against.
    QString directory() const;
    // `path` made absolute against directory() (absolute paths stay as they are; "~/…" is
    // the user's home folder, as in "file:~/.ssh/id_ed25519").
    QString resolvePath(const QString &path) const;

    const Registry *registry(QStringView wanted) const;
    const Host *host(QStringView wanted) const;
    const Repository *repository(QStringView wanted) const;
    const Artifact *artifact(QStringView wanted) const;
    const Environment *environment(QStringView wanted) const;
    // The environment before `name` in promotion order, or null for the first.
    const Environment *predecessor(QStringView wanted) const;
};

} // namespace rd::config
