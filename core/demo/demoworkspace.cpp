// SPDX-License-Identifier: GPL-3.0-or-later
#include "demoworkspace.h"

#include "demohistory.h"
#include "git/repository.h"
#include "registry/mediatypes.h"
#include "registry/ocilayoutwriter.h"
#include "util/gzip.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace rd::demo {

namespace {

// What each environment runs: artifact → version ("" = never deployed there).
struct Deployment
{
    QString environment;
    QMap<QString, QString> versions;
};

const QList<Deployment> &deployments()
{
    static const QList<Deployment> table{
        {u"dev"_s, {{u"api"_s, u"v1.6.0"_s}, {u"web"_s, u"v2.3.0"_s}, {u"worker"_s, u"v0.9.0"_s}}},
        {u"qa"_s, {{u"api"_s, u"v1.5.1"_s}, {u"web"_s, u"v2.3.0"_s}, {u"worker"_s, u"v0.8.1"_s}}},
        {u"staging"_s, {{u"api"_s, u"v1.5.1"_s}, {u"web"_s, u"v2.2.1"_s}, {u"worker"_s, u"v0.8.1"_s}}},
        {u"prod"_s, {{u"api"_s, u"v1.5.0"_s}, {u"web"_s, u"v2.2.1"_s}, {u"worker"_s, QString()}}},
    };
    return table;
}

Result<void> writeFile(const QString &path, const QByteArray &content, const QDateTime &mtime = {})
{
    if (!QDir().mkpath(QFileInfo(path).path()))
        return fail(Error::Domain::Io, u"cannot create the folder of %1"_s.arg(path));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return fail(Error::Domain::Io, u"cannot write %1: %2"_s.arg(path, file.errorString()));
    if (mtime.isValid()) {
        QFile touched(path);
        if (touched.open(QIODevice::ReadWrite))
            touched.setFileTime(mtime, QFileDevice::FileModificationTime);
    }
    return {};
}

QByteArray workspaceYaml()
{
    QByteArray yaml = R"(# ReleaseDeck demo workspace: three services of a hockey league site shipped through
# dev -> qa -> staging -> prod. Everything is local and in real formats: repo/ is a git
# repository, registry/ holds OCI image layouts, the "here" host runs commands on this machine.
version: 1
name: hockey-demo
registries:
  demo: {url: "oci-layout:registry"}
hosts:
  here: {local: true}
repositories:
  hockey: {url: repo}
artifacts:
  - {name: api, registry: demo, image: hockey/api, repository: hockey, path: services/api, versions: "v*", retention: {keep: 2}}
  - {name: web, registry: demo, image: hockey/web, repository: hockey, path: services/web, versions: "v*", retention: {keep: 2}}
  - {name: worker, registry: demo, image: hockey/worker, repository: hockey, path: services/worker, versions: "v*", retention: {keep: 2}}
environments:
)";
    for (const Deployment &d : deployments()) {
        const QByteArray env = d.environment.toUtf8();
        yaml += "  - name: " + env + "\n";
        yaml += "    tag: " + env + "\n";
        yaml += "    branch: env/" + env + "\n";
        if (env == "prod")
            yaml += "    protected: true\n";
        yaml += "    deploy:\n";
        yaml += "      - local: {command: \"mkdir -p state/" + env + " && echo {version} > state/" + env + "/{artifact}.version\"}\n";
        yaml += "    health:\n";
        yaml += "      - {name: deployed-state, command: \"test -s state/" + env + "/api.version\", host: here, interval: 30s, timeout: 5s}\n";
        yaml += "    version_probe: {command: \"cat state/" + env + "/{artifact}.version\", host: here}\n";
        // restart / logs / status act on the files the deploy step writes; {lines} is logs' count.
        yaml += "    restart: {local: {command: 'mkdir -p state/{env} && date -u +%Y-%m-%dT%H:%M:%SZ > state/{env}/{artifact}.restarted"
                " && echo \"restarted {artifact} in {env}\"'}}\n";
        yaml += "    logs: {local: {command: 'tail -n {lines} state/{env}/{artifact}.log'}}\n";
        yaml += "    status: {local: {command: 'test -s state/{env}/{artifact}.version && echo \"{artifact} in {env}: running"
                " $(cat state/{env}/{artifact}.version)\"'}}\n";
        if (env == "staging" || env == "prod") {
            // Back up now copies the newest dump under a new name (the demo has no database);
            // restore unpacks the chosen dump to state/<env>/restored.sql.
            yaml += "    backups:\n"
                    "      host: here\n"
                    "      path: backups/" + env + "\n"
                    "      pattern: \"hockey_db_*.sql.gz\"\n"
                    "      max_age: 26h\n"
                    "      retention: 30d\n"
                    "      command: 'newest=$(ls -t backups/{env}/hockey_db_*.sql.gz | head -n 1) && cp -- \"$newest\""
                    " backups/{env}/hockey_db_$(date -u +%Y-%m-%d_%H%M).sql.gz && echo \"backed up {env}\"'\n"
                    "      restore: 'gzip -dc backups/{env}/{file} > state/{env}/restored.sql && echo restored {file} into {env}'\n";
        }
    }
    yaml += "policy: {min_interval: 5m, max_rollbacks_per_hour: 3, max_concurrent_deploys: 2, auto_rollback: true}\n";
    return yaml;
}

// One image per released version, tagged with its version, sha-<commit> and the environments running it.
Result<void> writeRegistry(const QString &root, const QList<Release> &releases)
{
    QMap<QString, QList<const Release *>> byArtifact;
    for (const Release &release : releases)
        byArtifact[release.artifact].append(&release);

    for (auto it = byArtifact.cbegin(); it != byArtifact.cend(); ++it) {
        const QString &artifact = it.key();
        registry::OciLayoutWriter layout(QDir(root).filePath(u"hockey/"_s + artifact));
        for (const Release *release : it.value()) {
            const QDateTime built = release->commitTime.addSecs(11 * 60); // CI takes a few minutes
            const QByteArray layer = registry::makeTar(
                {{u"app/VERSION"_s, release->version.toUtf8() + '\n'},
                 {u"app/REVISION"_s, release->commit.toUtf8() + '\n'},
                 {u"app/README"_s, "hockey " + artifact.toUtf8() + " service, built by CI from the monorepo\n"}},
                built.toSecsSinceEpoch());
            auto layerDescriptor = layout.writeBlob(layer, registry::MediaType::OciLayerTar);
            if (!layerDescriptor)
                return std::unexpected(layerDescriptor.error());
            const QString createdText = built.toUTC().toString(Qt::ISODate);
            const QJsonObject labels{
                {u"org.opencontainers.image.revision"_s, release->commit},
                {u"org.opencontainers.image.version"_s, release->version},
                {u"org.opencontainers.image.created"_s, createdText},
                {u"org.opencontainers.image.source"_s, u"https://git.example.org/hockey/hockey"_s},
                {u"org.opencontainers.image.title"_s, QString(u"hockey-"_s + artifact)},
            };
            const QJsonObject config{
                {u"architecture"_s, u"amd64"_s},
                {u"os"_s, u"linux"_s},
                {u"created"_s, createdText},
                {u"config"_s, QJsonObject{{u"Labels"_s, labels},
                                          {u"Env"_s, QJsonArray{u"PATH=/usr/local/bin:/usr/bin:/bin"_s}},
                                          {u"Cmd"_s, QJsonArray{QString(u"/app/"_s + artifact)}}}},
                {u"rootfs"_s, QJsonObject{{u"type"_s, u"layers"_s}, {u"diff_ids"_s, QJsonArray{layerDescriptor->digest}}}},
                {u"history"_s, QJsonArray{QJsonObject{{u"created"_s, createdText}, {u"created_by"_s, u"COPY app/ /app/"_s}}}},
            };
            auto configDescriptor = layout.writeBlob(QJsonDocument(config).toJson(QJsonDocument::Compact), registry::MediaType::OciConfig);
            if (!configDescriptor)
                return std::unexpected(configDescriptor.error());
            auto manifest = layout.writeImage(*configDescriptor, {*layerDescriptor});
            if (!manifest)
                return std::unexpected(manifest.error());
            layout.tag(release->version, *manifest);
            layout.tag(u"sha-"_s + release->commit.left(7), *manifest);
            for (const Deployment &d : deployments()) {
                if (d.versions.value(artifact) == release->version)
                    layout.tag(d.environment, *manifest);
            }
            if (deployments().last().versions.value(artifact) == release->version)
                layout.tag(u"latest"_s, *manifest);
        }
        if (auto done = layout.finish(); !done)
            return done;
    }
    return {};
}

// A plausible pg_dump of the league database; `day` varies the row count so sizes grow.
QByteArray sqlDump(const QString &environment, int day)
{
    QByteArray sql = "--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 17.2\n\n"
                     "SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\n\n"
                     "CREATE TABLE public.games (id integer NOT NULL, home text, away text, starts_at timestamptz);\n\n"
                     "COPY public.games (id, home, away, starts_at) FROM stdin;\n";
    const int rows = 180 + day * 7;
    for (int i = 1; i <= rows; ++i)
        sql += QByteArray::number(i) + "\tTeam " + QByteArray::number(i % 12 + 1) + "\tTeam " + QByteArray::number((i * 5) % 12 + 1)
               + "\t2026-10-" + QByteArray::number(i % 28 + 1).rightJustified(2, '0') + " 19:30:00+00\n";
    sql += "\\.\n\n-- " + environment.toUtf8() + " database dump complete\n";
    return sql;
}

// What `logs` shows: a service's log since its deploy, fixed lines at fixed times.
QByteArray serviceLog(const QString &environment, const QString &artifact, const QString &version)
{
    QByteArray log;
    const QDateTime start = demoEpoch().addDays(40);
    const QByteArray who = artifact.toUtf8() + ' ' + version.toUtf8() + " (" + environment.toUtf8() + ')';
    log += start.toString(Qt::ISODate).toUtf8() + " INFO  starting " + who + '\n';
    for (int i = 1; i <= 150; ++i) {
        const QDateTime at = start.addSecs(i * 37);
        const char *level = i % 41 == 0 ? "WARN " : "INFO ";
        QByteArray text;
        if (i % 41 == 0)
            text = "slow query on games: " + QByteArray::number(800 + i) + " ms";
        else if (artifact == u"worker")
            text = "processed job " + QByteArray::number(1000 + i);
        else
            text = "GET /api/games/" + QByteArray::number(i % 28 + 1) + " 200 " + QByteArray::number(3 + i % 17) + " ms";
        log += at.toString(Qt::ISODate).toUtf8() + ' ' + level + text + '\n';
    }
    return log;
}

// Daily dumps, the newest a few hours before `now` (the time the demo is created), so a new
// user's backups panel shows healthy backups rather than ones that went stale long ago.
Result<void> writeBackups(const QString &root, const QDateTime &now)
{
    const QDateTime newest = demoBackupTime(now);
    for (const QString &environment : {u"staging"_s, u"prod"_s}) {
        for (int day = 0; day < 7; ++day) {
            const QDateTime at = newest.addDays(day - 6);
            const QString name = u"hockey_db_%1.sql.gz"_s.arg(at.toString(u"yyyy-MM-dd_HHmm"_s));
            if (auto r = writeFile(QDir(root).filePath(environment + u'/' + name), gzipStored(sqlDump(environment, day)), at); !r)
                return r;
        }
    }
    return {};
}

} // namespace

QDateTime demoEpoch()
{
    return QDateTime(QDate(2026, 10, 12), QTime(9, 0), QTimeZone::UTC);
}

QDateTime demoBackupTime(const QDateTime &now)
{
    const QDateTime utc = now.toUTC().addSecs(-3 * 3600 - 17 * 60);
    return QDateTime(utc.date(), QTime(utc.time().hour(), utc.time().minute()), QTimeZone::UTC);
}

Result<QString> createDemoWorkspace(const QString &directory, const QDateTime &now)
{
    QDir dir(directory);
    if (dir.exists() && !dir.isEmpty())
        return fail(Error::Domain::Usage, u"%1 is not empty; the demo is created in a new or empty folder"_s.arg(directory));
    if (!QDir().mkpath(directory))
        return fail(Error::Domain::Io, u"cannot create %1"_s.arg(directory));
    dir.setPath(QFileInfo(directory).absoluteFilePath());

    auto releases = writeDemoRepository(dir.filePath(u"repo"_s));
    if (!releases)
        return std::unexpected(releases.error());
    if (auto r = writeRegistry(dir.filePath(u"registry"_s), *releases); !r)
        return std::unexpected(r.error());
    for (const Deployment &d : deployments()) {
        for (auto it = d.versions.cbegin(); it != d.versions.cend(); ++it) {
            if (it.value().isEmpty())
                continue;
            const QString path = dir.filePath(u"state/%1/%2.version"_s.arg(d.environment, it.key()));
            if (auto r = writeFile(path, it.value().toUtf8() + '\n'); !r)
                return std::unexpected(r.error());
            if (auto r = writeFile(dir.filePath(u"state/%1/%2.log"_s.arg(d.environment, it.key())), serviceLog(d.environment, it.key(), it.value())); !r)
                return std::unexpected(r.error());
        }
    }
    if (auto r = writeBackups(dir.filePath(u"backups"_s), now.isValid() ? now : QDateTime::currentDateTimeUtc()); !r)
        return std::unexpected(r.error());

    // Environment branches point at the newest release commit each environment runs (GitOps).
    auto repo = git::Repository::open(dir.filePath(u"repo"_s));
    if (!repo)
        return std::unexpected(repo.error());
    for (const Deployment &d : deployments()) {
        const Release *newest = nullptr;
        for (const Release &release : *releases) {
            if (d.versions.value(release.artifact) == release.version && (!newest || release.commitTime > newest->commitTime))
                newest = &release;
        }
        if (newest) {
            if (auto r = repo->setBranch(u"env/"_s + d.environment, newest->commit); !r)
                return std::unexpected(r.error());
        }
    }

    const QString workspaceFile = dir.filePath(u"releasedeck.yaml"_s);
    if (auto r = writeFile(workspaceFile, workspaceYaml()); !r)
        return std::unexpected(r.error());
    return workspaceFile;
}

} // namespace rd::demo
