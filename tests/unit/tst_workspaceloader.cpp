// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/workspaceloader.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using rd::config::Workspace;

namespace {

QString dump(const QList<rd::Error> &errors)
{
    QStringList lines;
    for (const rd::Error &error : errors)
        lines.append(error.toString());
    return lines.join(u'\n');
}

// The errors of a result, or nothing when it holds a workspace. QVERIFY2 evaluates its message
// even when the check passes, so it must never touch error() of a successful result.
QString problems(const std::expected<Workspace, QList<rd::Error>> &result)
{
    return result ? QString() : dump(result.error());
}

struct Expected
{
    int line = 0;
    int column = 0;
    QString needle;
};

// The "# !error COL 'needle'" markers of a bad file: an error on that line, at that column,
// whose message contains the needle (the quoted key it concerns).
QList<Expected> expectationsIn(const QByteArray &text)
{
    static const QRegularExpression marker(u"!error (\\d+) ('[^']*')"_s);
    QList<Expected> expected;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = QString::fromUtf8(lines.at(i));
        for (const QRegularExpressionMatch &match : marker.globalMatch(line))
            expected.append({ int(i + 1), match.captured(1).toInt(), match.captured(2) });
    }
    return expected;
}

QByteArray readData(const QString &relative)
{
    QFile file(rd::test::dataPath(relative));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", qPrintable(file.fileName()));
    return file.readAll();
}

// A valid document to start hostile variations from.
const QByteArray minimal = "version: 1\nenvironments:\n  - name: dev\n";

} // namespace

class TestWorkspaceLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goodFiles_data();
    void goodFiles();
    void completeFileRoundTrips();
    void designExample();
    void minimalFileDefaults();
    void ociLayoutForm();
    void aliasesAndByteOrderMark();
    void documentedExampleIsValid();

    void badFiles_data();
    void badFiles();
    void badInput_data();
    void badInput();
    void secretsAreNeverRepeated();
    void versionOtherThanOneIsTheOnlyError();
    void aliasBombIsBounded();
    void tooManyErrorsAreCut();
    void damagedFilesNeverCrash();

    void loadWorkspaceRefuses_data();
    void loadWorkspaceRefuses();
    void lookups();
    void resolvePath_data();
    void resolvePath();

    void healthCheckOptions();
    void healthCheckOptionsRefused_data();
    void healthCheckOptionsRefused();
};

void TestWorkspaceLoader::goodFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("design example") << u"config/design-example.yaml"_s;
    QTest::newRow("complete") << u"config/complete.yaml"_s;
    QTest::newRow("minimal") << u"config/minimal.yaml"_s;
    QTest::newRow("oci-layout") << u"config/oci-layout.yaml"_s;
}

void TestWorkspaceLoader::goodFiles()
{
    QFETCH(QString, file);
    const QString path = rd::test::dataPath(file);
    const auto workspace = rd::config::loadWorkspace(path);
    QVERIFY2(workspace, qPrintable(problems(workspace)));
    QCOMPARE(workspace->file, QDir::cleanPath(path));
    QVERIFY(QDir::isAbsolutePath(workspace->file));
    QCOMPARE(workspace->version, 1);
    QVERIFY(!workspace->environments.isEmpty());
    // Every item remembers where it was written.
    for (const rd::config::Environment &environment : workspace->environments) {
        QCOMPARE(environment.location.file, path);
        QVERIFY(environment.location.line > 0);
        QVERIFY(environment.location.column > 0);
    }
}

void TestWorkspaceLoader::completeFileRoundTrips()
{
    const QString path = rd::test::dataPath(u"config/complete.yaml"_s);
    const auto loaded = rd::config::loadWorkspace(path);
    QVERIFY2(loaded, qPrintable(problems(loaded)));
    const Workspace &w = *loaded;

    QCOMPARE(w.name, u"Hockey league"_s);

    QCOMPARE(w.registries.size(), 4);
    QCOMPARE(w.registries[0].name, u"ghcr"_s);
    QCOMPARE(w.registries[0].url, u"https://ghcr.io"_s);
    QCOMPARE(w.registries[0].credentials, u"env:GHCR_TOKEN"_s);
    QCOMPARE(w.registries[0].insecure, false);
    QCOMPARE(w.registries[0].location, (rd::SourceLocation { path, 6, 3 }));
    QCOMPARE(w.registries[1].name, u"mirror"_s);
    QCOMPARE(w.registries[1].url, u"http://registry.internal:5000"_s);
    QCOMPARE(w.registries[1].credentials, u"keyring:releasedeck/mirror"_s);
    QCOMPARE(w.registries[1].insecure, true);
    QCOMPARE(w.registries[2].url, u"http://[::1]:5000"_s);
    QCOMPARE(w.registries[2].credentials, u"none"_s);
    QCOMPARE(w.registries[2].insecure, false);
    QVERIFY(w.registries[3].isOciLayout());
    QCOMPARE(w.registries[3].ociLayoutDir(), u"registry"_s);

    QCOMPARE(w.hosts.size(), 3);
    QCOMPARE(w.hosts[0].name, u"prod-1"_s);
    QCOMPARE(w.hosts[0].local, false);
    QCOMPARE(w.hosts[0].address, u"203.0.113.10"_s);
    QCOMPARE(w.hosts[0].port, 2222);
    QCOMPARE(w.hosts[0].user, u"deploy"_s);
    QCOMPARE(w.hosts[0].identity, u"file:keys/deploy_ed25519"_s);
    QCOMPARE(w.hosts[1].name, u"staging-1"_s);
    QCOMPARE(w.hosts[1].port, 22);
    QCOMPARE(w.hosts[1].identity, u"agent"_s);
    QCOMPARE(w.hosts[2].name, u"here"_s);
    QCOMPARE(w.hosts[2].local, true);

    QCOMPARE(w.repositories.size(), 2);
    QCOMPARE(w.repositories[0].name, u"app"_s);
    QCOMPARE(w.repositories[0].url, u"git@github.com:org/hockey.git"_s);
    QCOMPARE(w.repositories[1].url, u"../hockey"_s);

    QCOMPARE(w.artifacts.size(), 2);
    const rd::config::Artifact &api = w.artifacts[0];
    QCOMPARE(api.name, u"api"_s);
    QCOMPARE(api.registry, u"ghcr"_s);
    QCOMPARE(api.image, u"org/hockey-api"_s);
    QCOMPARE(api.repository, u"app"_s);
    QCOMPARE(api.path, u"services/api"_s);
    QCOMPARE(api.versions, u"v[0-9]*"_s);
    QCOMPARE(api.location, (rd::SourceLocation { path, 27, 5 }));
    QCOMPARE(w.artifacts[1].name, u"web"_s);
    QCOMPARE(w.artifacts[1].repository, QString());
    QCOMPARE(w.artifacts[1].versions, QString());

    QCOMPARE(w.environments.size(), 2);
    const rd::config::Environment &qa = w.environments[0];
    QCOMPARE(qa.name, u"qa"_s);
    QCOMPARE(qa.tag, u"qa"_s); // defaults to the name
    QCOMPARE(qa.branch, u"env/qa"_s);
    QCOMPARE(qa.isProtected, false);
    QCOMPARE(qa.location, (rd::SourceLocation { path, 35, 5 }));
    QCOMPARE(qa.deploy.size(), 2);
    QCOMPARE(qa.deploy[0].kind, rd::config::DeployStep::Kind::Local);
    QCOMPARE(qa.deploy[0].host, QString());
    QCOMPARE(qa.deploy[0].command, u"echo {version} > state/qa"_s);
    QCOMPARE(qa.deploy[1].kind, rd::config::DeployStep::Kind::Ssh);
    QCOMPARE(qa.deploy[1].host, u"staging-1"_s);
    QCOMPARE(qa.deploy[1].command, u"cd /srv/hockey\nIMAGE_TAG={version} docker compose up -d\n"_s);
    QCOMPARE(qa.health.size(), 2);
    QCOMPARE(qa.health[0].name, u"probe"_s);
    QVERIFY(!qa.health[0].isHttp());
    QCOMPARE(qa.health[0].command.command, u"test -s state/qa"_s);
    QCOMPARE(qa.health[0].command.host, u"here"_s);
    QCOMPARE(qa.health[0].interval, 10s);
    QCOMPARE(qa.health[0].timeout, 2s);
    QVERIFY(qa.health[1].isHttp());
    QCOMPARE(qa.health[1].name, u"http://qa.internal/health"_s); // defaults to the URL
    QCOMPARE(qa.health[1].http, u"http://qa.internal/health"_s);
    QCOMPARE(qa.health[1].expect, 204);
    QCOMPARE(qa.health[1].interval, 30s);
    QCOMPARE(qa.health[1].timeout, 5s);
    QVERIFY(qa.versionProbe);
    QCOMPARE(qa.versionProbe->http, QString());
    QCOMPARE(qa.versionProbe->command.command, u"cat state/qa"_s);
    QCOMPARE(qa.versionProbe->command.host, u"here"_s);
    QVERIFY(!qa.backups);

    const rd::config::Environment &prod = w.environments[1];
    QCOMPARE(prod.name, u"prod"_s);
    QCOMPARE(prod.tag, u"production"_s);
    QCOMPARE(prod.branch, u"env/prod"_s);
    QCOMPARE(prod.isProtected, true);
    QCOMPARE(prod.deploy.size(), 1);
    QCOMPARE(prod.deploy[0].host, u"prod-1"_s);
    QCOMPARE(prod.deploy[0].command, u"deploy {version}"_s);
    QCOMPARE(prod.health.size(), 1);
    QCOMPARE(prod.health[0].http, u"https://example.com/health"_s);
    QCOMPARE(prod.health[0].expect, 200);
    QCOMPARE(prod.health[0].interval, 1min);
    QCOMPARE(prod.health[0].timeout, 10s);
    QVERIFY(prod.versionProbe);
    QCOMPARE(prod.versionProbe->http, u"https://example.com/version"_s);
    QCOMPARE(prod.versionProbe->json, u"app_version"_s);
    QVERIFY(prod.backups);
    QCOMPARE(prod.backups->host, u"prod-1"_s);
    QCOMPARE(prod.backups->path, u"/home/deploy/backups"_s);
    QCOMPARE(prod.backups->pattern, u"hockey_*.sql.gz"_s);
    QCOMPARE(prod.backups->maxAge, 48h);
    QCOMPARE(prod.backups->retention, std::chrono::seconds(90 * 86400));
    QCOMPARE(prod.backups->command, u"/usr/local/bin/backup-now"_s);

    QCOMPARE(w.policy.minInterval, 10min);
    QCOMPARE(w.policy.maxRollbacksPerHour, 4);
    QCOMPARE(w.policy.maxConcurrentDeploys, 1);
    QCOMPARE(w.policy.autoRollback, false);

    QCOMPARE(w.notifications.size(), 3);
    QCOMPARE(w.notifications[0].kind, rd::config::Notification::Kind::Slack);
    QCOMPARE(w.notifications[0].target, u"env:SLACK_WEBHOOK"_s);
    QCOMPARE(w.notifications[1].kind, rd::config::Notification::Kind::Telegram);
    QCOMPARE(w.notifications[1].target, u"keyring:telegram-bot"_s);
    QCOMPARE(w.notifications[2].kind, rd::config::Notification::Kind::Webhook);
    QCOMPARE(w.notifications[2].target, u"env:DEPLOY_HOOK"_s);
}

void TestWorkspaceLoader::designExample()
{
    const auto loaded = rd::config::loadWorkspace(rd::test::dataPath(u"config/design-example.yaml"_s));
    QVERIFY2(loaded, qPrintable(problems(loaded)));
    const Workspace &w = *loaded;
    QCOMPARE(w.name, u"hockey"_s);
    QCOMPARE(w.registries.size(), 3);
    QCOMPARE(w.registries[0].credentials, u"docker-config"_s);
    QCOMPARE(w.registries[1].url, u"http://127.0.0.1:5000"_s);
    QVERIFY(w.registries[1].insecure);
    QVERIFY(w.registries[2].isOciLayout());
    QCOMPARE(w.hosts.size(), 2);
    QCOMPARE(w.hosts[0].address, u"203.0.113.10"_s);
    QVERIFY(w.hosts[1].local);
    QCOMPARE(w.artifacts.size(), 1);
    QCOMPARE(w.artifacts[0].versions, u"v*"_s);
    QCOMPARE(w.environments.size(), 1);
    const rd::config::Environment &staging = w.environments[0];
    QCOMPARE(staging.tag, u"staging"_s);
    QCOMPARE(staging.branch, u"env/staging"_s);
    QCOMPARE(staging.deploy.size(), 1);
    QCOMPARE(staging.deploy[0].kind, rd::config::DeployStep::Kind::Ssh);
    QCOMPARE(staging.deploy[0].command, u"cd /srv/hockey && IMAGE_TAG={version} docker compose up -d"_s);
    QCOMPARE(staging.health.size(), 1);
    QCOMPARE(staging.versionProbe->json, u"version"_s);
    QCOMPARE(staging.backups->maxAge, 26h);
    QCOMPARE(staging.backups->retention, std::chrono::seconds(30 * 86400));
    QCOMPARE(w.policy.minInterval, 5min);
    QCOMPARE(w.policy.maxRollbacksPerHour, 3);
    QCOMPARE(w.policy.maxConcurrentDeploys, 2);
    QCOMPARE(w.policy.autoRollback, true);
    QCOMPARE(w.notifications.size(), 1);
    QCOMPARE(w.notifications[0].target, u"env:SLACK_WEBHOOK"_s);
}

void TestWorkspaceLoader::minimalFileDefaults()
{
    const QString path = rd::test::dataPath(u"config/minimal.yaml"_s);
    const auto loaded = rd::config::loadWorkspace(path);
    QVERIFY2(loaded, qPrintable(problems(loaded)));
    const Workspace &w = *loaded;
    // Without a name, the workspace is called after its folder.
    QCOMPARE(w.name, u"config"_s);
    QVERIFY(w.registries.isEmpty());
    QVERIFY(w.hosts.isEmpty());
    QVERIFY(w.repositories.isEmpty());
    QVERIFY(w.artifacts.isEmpty());
    QVERIFY(w.notifications.isEmpty());
    QCOMPARE(w.environments.size(), 1);
    const rd::config::Environment &dev = w.environments[0];
    QCOMPARE(dev.name, u"dev"_s);
    QCOMPARE(dev.tag, u"dev"_s);
    QCOMPARE(dev.branch, QString());
    QCOMPARE(dev.isProtected, false);
    QVERIFY(dev.deploy.isEmpty());
    QVERIFY(dev.health.isEmpty());
    QVERIFY(!dev.versionProbe);
    QVERIFY(!dev.backups);
    QCOMPARE(dev.location, (rd::SourceLocation { path, 4, 5 }));
    QCOMPARE(w.policy.minInterval, 0s);
    QCOMPARE(w.policy.maxRollbacksPerHour, 0);
    QCOMPARE(w.policy.maxConcurrentDeploys, 0);
    QCOMPARE(w.policy.autoRollback, true);
}

void TestWorkspaceLoader::ociLayoutForm()
{
    const QString path = rd::test::dataPath(u"config/oci-layout.yaml"_s);
    const auto loaded = rd::config::loadWorkspace(path);
    QVERIFY2(loaded, qPrintable(problems(loaded)));
    const Workspace &w = *loaded;
    const rd::config::Registry *demo = w.registry(u"demo");
    QVERIFY(demo);
    QVERIFY(demo->isOciLayout());
    QCOMPARE(demo->ociLayoutDir(), u"registry"_s);
    // The layout directory resolves against the workspace file; each image is a sub-folder.
    const QString layout = w.resolvePath(demo->ociLayoutDir());
    QCOMPARE(layout, QFileInfo(path).absolutePath() + u"/registry"_s);
    QCOMPARE(layout + u'/' + w.artifact(u"api")->image,
        QFileInfo(path).absolutePath() + u"/registry/hockey/api"_s);
    QCOMPARE(w.environments[0].deploy[0].kind, rd::config::DeployStep::Kind::Local);
    QCOMPARE(w.environments[1].backups->path, u"backups/prod"_s);
    QCOMPARE(w.host(u"here")->local, true);
}

void TestWorkspaceLoader::aliasesAndByteOrderMark()
{
    // Anchors and aliases are ordinary YAML and allowed: the aliased value is used as if
    // written out again.
    const QByteArray yaml = "\xef\xbb\xbfversion: 1\n"
                            "hosts: {here: &h {local: true}, there: *h}\n"
                            "environments:\n"
                            "  - {name: qa, health: &checks [{command: \"true\", host: here}]}\n"
                            "  - {name: prod, health: *checks}\n";
    const auto loaded = rd::config::parseWorkspace(yaml, u"aliases.yaml"_s);
    QVERIFY2(loaded, qPrintable(problems(loaded)));
    QCOMPARE(loaded->hosts.size(), 2);
    QVERIFY(loaded->host(u"there")->local);
    QCOMPARE(loaded->environments[1].health.size(), 1);
    QCOMPARE(loaded->environments[1].health[0].command.host, u"here"_s);
    // The byte-order mark is invisible: columns on line 1 do not count it.
    QCOMPARE(loaded->environments[0].location, (rd::SourceLocation { u"aliases.yaml"_s, 4, 5 }));
    QCOMPARE(loaded->file, QDir::cleanPath(QDir::current().absoluteFilePath(u"aliases.yaml"_s)));
    const auto bad = rd::config::parseWorkspace(
        "\xef\xbb\xbfversion: 1\ncolour: x\nenvironments: [{name: dev}]\n", u"bom.yaml"_s);
    QVERIFY(!bad);
    QCOMPARE(bad.error().size(), 1);
    QCOMPARE(bad.error()[0].location, (rd::SourceLocation { u"bom.yaml"_s, 2, 1 }));
}

void TestWorkspaceLoader::documentedExampleIsValid()
{
    // docs/configuration.md promises its complete example is a valid file: keep it so.
    QFile doc(rd::test::dataPath(u"../../docs/configuration.md"_s));
    if (!doc.open(QIODevice::ReadOnly))
        QSKIP("docs/configuration.md is not next to the test data");
    const QByteArray text = doc.readAll();
    const qsizetype start = text.indexOf("```yaml\nversion: 1");
    QVERIFY(start >= 0);
    const qsizetype end = text.indexOf("```", start + 7);
    const QByteArray example = text.mid(start + 8, end - start - 8);
    const auto loaded = rd::config::parseWorkspace(example, doc.fileName());
    QVERIFY2(loaded, qPrintable(problems(loaded)));
    QCOMPARE(loaded->environments.size(), 2);
    QCOMPARE(loaded->registries.size(), 4);
    QCOMPARE(loaded->notifications.size(), 3);
}

void TestWorkspaceLoader::badFiles_data()
{
    QTest::addColumn<QString>("file");
    for (const char *name : { "unknown-keys", "types", "missing", "duplicates", "references", "grammar",
             "registries", "secrets", "hosts", "values" }) {
        QTest::newRow(name) << u"config/bad-%1.yaml"_s.arg(QLatin1StringView(name));
    }
}

void TestWorkspaceLoader::badFiles()
{
    QFETCH(QString, file);
    const QString path = rd::test::dataPath(file);
    const QList<Expected> expected = expectationsIn(readData(file));
    QVERIFY(!expected.isEmpty());

    const auto loaded = rd::config::loadWorkspace(path);
    QVERIFY2(!loaded, "a bad file was accepted");
    QList<rd::Error> unmatched = loaded.error();
    const QString all = dump(unmatched);
    for (const Expected &e : expected) {
        const auto found = std::find_if(unmatched.begin(), unmatched.end(), [&](const rd::Error &error) {
            return error.location.line == e.line && error.location.column == e.column
                && error.message.contains(e.needle);
        });
        QVERIFY2(found != unmatched.end(),
            qPrintable(
                u"no error at %1:%2 naming %3; got:\n%4"_s.arg(e.line).arg(e.column).arg(e.needle, all)));
        QCOMPARE(found->location.file, path);
        QCOMPARE(found->domain, rd::Error::Domain::Config);
        unmatched.erase(found);
    }
    QVERIFY2(unmatched.isEmpty(), qPrintable(u"unexpected errors:\n"_s + dump(unmatched)));

    // Errors come in file order, so a person can fix them top to bottom.
    const QList<rd::Error> &errors = loaded.error();
    for (qsizetype i = 1; i < errors.size(); ++i) {
        QVERIFY(std::pair(errors[i - 1].location.line, errors[i - 1].location.column)
            <= std::pair(errors[i].location.line, errors[i].location.column));
    }
}

void TestWorkspaceLoader::badInput_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<int>("count");

    QTest::newRow("empty") << QByteArray() << 1 << 1 << u"empty"_s << 1;
    QTest::newRow("only comments") << QByteArray("# nothing here\n\n   \n") << 1 << 1 << u"empty"_s << 1;
    QTest::newRow("top-level list") << QByteArray("- version: 1\n") << 1 << 1 << u"must be a map"_s << 1;
    QTest::newRow("top-level scalar") << QByteArray("hello\n") << 1 << 1 << u"must be a map"_s << 1;
    QTest::newRow("missing version") << QByteArray("environments: [{name: dev}]\n") << 1 << 1
                                     << u"'version'"_s << 1;
    QTest::newRow("version yes") << QByteArray("version: yes\nenvironments: [{name: dev}]\n") << 1 << 10
                                 << u"'version'"_s << 1;
    QTest::newRow("version quoted") << QByteArray("version: \"1\"\nenvironments: [{name: dev}]\n") << 1 << 10
                                    << u"'version'"_s << 1;
    QTest::newRow("no environments") << QByteArray("version: 1\n") << 1 << 1 << u"'environments'"_s << 1;
    QTest::newRow("empty environments")
        << QByteArray("version: 1\nenvironments: []\n") << 2 << 15 << u"'environments'"_s << 1;
    QTest::newRow("syntax: unclosed flow")
        << QByteArray("version: 1\nenvironments: [{name: dev}\n") << 3 << 1 << u"YAML syntax error"_s << 1;
    QTest::newRow("syntax: bad indent")
        << (minimal + "  bad: [\n") << 4 << 3 << u"end of map not found"_s << 1;
    QTest::newRow("syntax: tab indent")
        << QByteArray("version: 1\nenvironments:\n\t- name: dev\n") << 3 << 2 << u"YAML syntax error"_s << 1;
    // YAML itself limits implicit keys to 1024 characters; yaml-cpp reports it as syntax.
    QTest::newRow("syntax: long implicit key")
        << (minimal + QByteArray(2000, 'k') + ": x\n") << 4 << 2001 << u"YAML syntax error"_s << 1;
    QTest::newRow("two documents") << (minimal + "---\nversion: 1\n") << 5 << 1 << u"second YAML document"_s
                                   << 1;
    QTest::newRow("trailing document marker") << (minimal + "---\n") << 0 << 0 << QString() << 0;
    QTest::newRow("merge key") << QByteArray("version: 1\nenvironments:\n  - <<: {name: dev}\n    tag: x\n")
                               << 3 << 5 << u"'<<'"_s << 2;
    QTest::newRow("non-text key") << (minimal + "[a]: 1\n") << 4 << 1 << u"key"_s << 1;
    QTest::newRow("invalid UTF-8") << (minimal + "name: h\xc3\xa9\xff\n") << 4 << 9 << u"UTF-8"_s << 1;
    QTest::newRow("overlong UTF-8") << QByteArray("version: 1\nname: \xc0\xaf\n") << 2 << 7 << u"UTF-8"_s
                                    << 1;
    QTest::newRow("UTF-16 surrogate")
        << QByteArray("version: 1\nname: \xed\xa0\x80\n") << 2 << 7 << u"UTF-8"_s << 1;
    QTest::newRow("truncated UTF-8") << QByteArray("version: 1\nname: \xe2\x82") << 2 << 7 << u"UTF-8"_s << 1;
    QTest::newRow("UTF-16 file") << QByteArray("\xff\xfev\0e\0r\0", 8) << 1 << 1 << u"UTF-8"_s << 1;
    QTest::newRow("NUL byte") << QByteArray("version: 1\nname: a\0b\n", 20) << 2 << 8 << u"U+0000"_s << 1;
    QTest::newRow("escape character")
        << QByteArray("version: 1\nname: \x1b[31m\n") << 2 << 7 << u"U+001B"_s << 1;
    QTest::newRow("huge name") << (minimal + "name: " + QByteArray(5000, 'a') + '\n') << 4 << 7 << u"'name'"_s
                               << 1;
    QTest::newRow("huge command") << (minimal + "    deploy: [{local: {command: \"" + QByteArray(4097, 'x')
        + "\"}}]\n") << 4 << 32 << u"'command'"_s
                                  << 1;
    QTest::newRow("huge explicit key")
        << (minimal + "? " + QByteArray(5000, 'k') + "\n: x\n") << 4 << 3 << u"5000 bytes"_s << 1;
    // yaml-cpp gives up on flow nesting only at the end of the input: the column is its choice.
    QTest::newRow("deep flow nesting")
        << ("version: 1\nname: " + QByteArray(100'000, '[')) << 2 << 0 << u"nested too deeply"_s << 1;
    QByteArray deepBlock = "version: 1\nname:\n";
    for (int i = 0; i < 1000; ++i)
        deepBlock += QByteArray(i, ' ') + "k:\n";
    QTest::newRow("deep block nesting") << deepBlock << 501 << 501 << u"nested too deeply"_s << 1;
    QByteArray wide = "version: 1\nname: [a";
    while (wide.size() < 1'000'000)
        wide += ",a";
    wide += "]\n";
    QTest::newRow("too many values") << wide << 2 << 0 << u"more than 100000 values"_s << 1;
    QTest::newRow("too large") << QByteArray(rd::config::MaxWorkspaceFileSize + 1, ' ') << 0 << 0
                               << u"1 MiB"_s << 1;
}

// Hostile and malformed input: each is one clear error at the right place, never a crash.
// A line of 0 skips the location check, a column of 0 the column check (where yaml-cpp gives up
// is its choice); a count of 0 means the input is valid.
void TestWorkspaceLoader::badInput()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, needle);
    QFETCH(int, count);

    const auto loaded = rd::config::parseWorkspace(yaml, u"input.yaml"_s);
    if (count == 0) {
        QVERIFY2(loaded, qPrintable(problems(loaded)));
        return;
    }
    QVERIFY2(!loaded, "bad input was accepted");
    const QList<rd::Error> &errors = loaded.error();
    QVERIFY2(errors.size() == count, qPrintable(dump(errors)));
    const rd::Error &first = errors.front();
    QCOMPARE(first.location.file, u"input.yaml"_s);
    if (line > 0)
        QCOMPARE(first.location.line, line);
    if (column > 0)
        QCOMPARE(first.location.column, column);
    QVERIFY2(first.message.contains(needle), qPrintable(first.toString()));
}

void TestWorkspaceLoader::secretsAreNeverRepeated()
{
    for (const char *file : { "config/bad-secrets.yaml", "config/bad-registries.yaml" }) {
        const auto loaded = rd::config::loadWorkspace(rd::test::dataPath(QString::fromLatin1(file)));
        QVERIFY(!loaded);
        const QString all = dump(loaded.error());
        for (const QString &secret : { u"XXXXSECRET"_s, u"hooks.slack.com"_s, u"hunter2"_s, u"ghp_abcdef"_s,
                 u"pa55word"_s, u"pw0rd"_s, u"s3cr3t"_s, u"123456:ABCDEF"_s }) {
            QVERIFY2(!all.contains(secret), qPrintable(all));
        }
    }
    const auto loaded = rd::config::loadWorkspace(rd::test::dataPath(u"config/bad-secrets.yaml"_s));
    QVERIFY(std::any_of(loaded.error().cbegin(), loaded.error().cend(), [](const rd::Error &error) {
        return error.message.contains(u"'slack'")
            && error.message.contains(u"secrets must be referenced, not stored");
    }));
}

void TestWorkspaceLoader::versionOtherThanOneIsTheOnlyError()
{
    // A newer file is not checked against version 1: one sentence, not a page of unknown keys.
    const auto loaded
        = rd::config::parseWorkspace("version: 2\nflavour: new\nenvironments: 3\n", u"v2.yaml"_s);
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().size(), 1);
    const rd::Error &error = loaded.error().front();
    QCOMPARE(error.location, (rd::SourceLocation { u"v2.yaml"_s, 1, 10 }));
    QVERIFY2(error.message.contains(u"'version'") && error.message.contains(u"version 1"),
        qPrintable(error.toString()));
}

void TestWorkspaceLoader::aliasBombIsBounded()
{
    // Classic billion laughs: yaml-cpp shares aliased nodes, and keys outside the schema are
    // reported, never walked.
    QByteArray laughs = "version: 1\nenvironments: [{name: dev}]\nlol0: &l0 [lol, lol, lol, lol, lol, lol, "
                        "lol, lol, lol]\n";
    for (int i = 1; i < 10; ++i) {
        laughs += "lol" + QByteArray::number(i) + ": &l" + QByteArray::number(i) + " [";
        for (int k = 0; k < 9; ++k)
            laughs += (k ? ", *l" : "*l") + QByteArray::number(i - 1);
        laughs += "]\n";
    }
    auto loaded = rd::config::parseWorkspace(laughs, u"laughs.yaml"_s);
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().size(), 10);
    QVERIFY(loaded.error().front().message.contains(u"'lol0'"));

    // Aliases inside the schema multiply: 1000 environments × 1000 aliased checks each. The
    // walk stops at its budget with a clear error instead of visiting millions of values.
    QByteArray bomb = "version: 1\nhosts: {here: {local: true}}\nenvironments:\n"
                      "  - {name: e0, health: &checks [&c {command: \"true\", host: here}";
    for (int i = 0; i < 999; ++i)
        bomb += ", *c";
    bomb += "]}\n";
    for (int i = 1; i < 1000; ++i)
        bomb += "  - {name: e" + QByteArray::number(i) + ", health: *checks}\n";
    loaded = rd::config::parseWorkspace(bomb, u"bomb.yaml"_s);
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().size(), 1);
    QVERIFY2(loaded.error().front().message.contains(u"aliases"), qPrintable(problems(loaded)));
    QVERIFY(loaded.error().front().location.line > 0);
}

void TestWorkspaceLoader::tooManyErrorsAreCut()
{
    QByteArray yaml = "version: 1\nenvironments:\n";
    for (int i = 0; i < 1000; ++i)
        yaml += "  - {tag: t" + QByteArray::number(i) + "}\n";
    const auto loaded = rd::config::parseWorkspace(yaml, u"many.yaml"_s);
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().size(), 101);
    QCOMPARE(loaded.error().front().location, (rd::SourceLocation { u"many.yaml"_s, 3, 5 }));
    QVERIFY(loaded.error().front().message.contains(u"'name'"));
    QVERIFY(loaded.error().back().message.contains(u"too many problems"));
}

void TestWorkspaceLoader::damagedFilesNeverCrash()
{
    // Every prefix of a complete file, and the file with single bytes replaced by YAML's
    // syntax characters: each must give a workspace or located errors, never a crash.
    const QByteArray complete = readData(u"config/complete.yaml"_s);
    int rejected = 0;
    auto check = [&](const QByteArray &text) {
        const auto loaded = rd::config::parseWorkspace(text, u"damaged.yaml"_s);
        if (loaded)
            return true;
        ++rejected;
        for (const rd::Error &error : loaded.error()) {
            if (error.message.isEmpty() || error.location.file != u"damaged.yaml" || error.location.line < 1
                || error.location.column < 1) {
                qWarning("%s", qPrintable(error.toString()));
                return false;
            }
        }
        return true;
    };
    for (qsizetype length = 0; length < complete.size(); ++length)
        QVERIFY2(check(complete.left(length)), qPrintable(u"prefix of %1 bytes"_s.arg(length)));
    for (qsizetype at = 0; at < complete.size(); at += 13) {
        for (char c : { ':', '[', '{', '&', '*', '"', '\n', '-', '!', '|' }) {
            QByteArray damaged = complete;
            damaged[at] = c;
            QVERIFY2(
                check(damaged), qPrintable(u"byte %1 replaced by %2"_s.arg(at).arg(QChar::fromLatin1(c))));
        }
    }
    QVERIFY(rejected > complete.size());
}

void TestWorkspaceLoader::loadWorkspaceRefuses_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("needle");
    QTest::newRow("missing") << rd::test::dataPath(u"config/no-such-file.yaml"_s) << u"does not exist"_s;
    QTest::newRow("folder") << rd::test::dataPath(u"config"_s) << u"folder"_s;
    QTest::newRow("device") << u"/dev/zero"_s << u"not a regular file"_s;
    QTest::newRow("empty path") << QString() << u"no workspace file"_s;
}

void TestWorkspaceLoader::loadWorkspaceRefuses()
{
    QFETCH(QString, path);
    QFETCH(QString, needle);
    const auto loaded = rd::config::loadWorkspace(path);
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().size(), 1);
    QCOMPARE(loaded.error().front().location.file, path);
    QVERIFY2(loaded.error().front().message.contains(needle), qPrintable(loaded.error().front().toString()));
}

void TestWorkspaceLoader::lookups()
{
    // The size limit is checked on disk before reading.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile big(dir.filePath(u"big.yaml"_s));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(rd::config::MaxWorkspaceFileSize + 1));
    big.close();
    const auto tooBig = rd::config::loadWorkspace(big.fileName());
    QVERIFY(!tooBig);
    QVERIFY(tooBig.error().front().message.contains(u"1 MiB"));

    const auto loaded = rd::config::loadWorkspace(rd::test::dataPath(u"config/complete.yaml"_s));
    QVERIFY2(loaded, qPrintable(problems(loaded)));
    const Workspace &w = *loaded;
    QCOMPARE(w.directory(), QFileInfo(rd::test::dataPath(u"config/complete.yaml"_s)).absolutePath());
    QCOMPARE(w.registry(u"mirror")->url, u"http://registry.internal:5000"_s);
    QVERIFY(!w.registry(u"nope"));
    QCOMPARE(w.host(u"prod-1")->port, 2222);
    QVERIFY(!w.host(u"PROD-1"));
    QCOMPARE(w.repository(u"local-copy")->url, u"../hockey"_s);
    QCOMPARE(w.artifact(u"web")->image, u"hockey/web"_s);
    QVERIFY(!w.artifact(u""));
    QCOMPARE(w.environment(u"prod")->tag, u"production"_s);
    QVERIFY(!w.environment(u"production"));
    QCOMPARE(w.predecessor(u"prod"), w.environment(u"qa"));
    QVERIFY(!w.predecessor(u"qa"));
    QVERIFY(!w.predecessor(u"nope"));
}

void TestWorkspaceLoader::resolvePath_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("resolved");
    QTest::newRow("relative") << u"/srv/ws/releasedeck.yaml"_s << u"registry"_s << u"/srv/ws/registry"_s;
    QTest::newRow("dot-dot") << u"/srv/ws/releasedeck.yaml"_s << u"../hockey/./repo"_s
                             << u"/srv/hockey/repo"_s;
    QTest::newRow("absolute") << u"/srv/ws/releasedeck.yaml"_s << u"/var/lib/x/"_s << u"/var/lib/x"_s;
    QTest::newRow("home") << u"/srv/ws/releasedeck.yaml"_s << u"~/.ssh/id_ed25519"_s
                          << QDir::homePath() + u"/.ssh/id_ed25519"_s;
    QTest::newRow("empty") << u"/srv/ws/releasedeck.yaml"_s << QString() << QString();
    QTest::newRow("no file") << QString() << u"x"_s << QDir::currentPath() + u"/x"_s;
}

void TestWorkspaceLoader::resolvePath()
{
    QFETCH(QString, file);
    QFETCH(QString, path);
    QFETCH(QString, resolved);
    Workspace workspace;
    workspace.file = file;
    QCOMPARE(workspace.resolvePath(path), resolved);
}

// Health check keys added with the health module (issue 6): failure_threshold, body, json +
// equals, ca.
void TestWorkspaceLoader::healthCheckOptions()
{
    const QByteArray yaml = "version: 1\nhosts:\n  here: {local: true}\nenvironments:\n  - name: prod\n    health:\n"
                            "      - {http: \"https://prod.internal/health\", body: ready, json: status, equals: ok,\n"
                            "         ca: certs/internal-ca.pem, failure_threshold: 5}\n"
                            "      - {command: \"true\", host: here, failure_threshold: 1}\n"
                            "      - {http: \"http://prod.internal/live\"}\n";
    const auto loaded = rd::config::parseWorkspace(yaml, u"input.yaml"_s);
    QVERIFY2(loaded, qPrintable(problems(loaded)));
    const QList<rd::config::HealthCheck> &checks = loaded->environments.first().health;
    QCOMPARE(checks.size(), 3);
    QCOMPARE(checks[0].body, u"ready"_s);
    QCOMPARE(checks[0].json, u"status"_s);
    QCOMPARE(checks[0].equals, u"ok"_s);
    QCOMPARE(checks[0].ca, u"certs/internal-ca.pem"_s);
    QCOMPARE(checks[0].failureThreshold, 5);
    QCOMPARE(checks[1].failureThreshold, 1);
    QCOMPARE(checks[2].failureThreshold, 3); // the default
    QVERIFY(checks[2].body.isEmpty() && checks[2].json.isEmpty() && checks[2].equals.isEmpty() && checks[2].ca.isEmpty());
}

void TestWorkspaceLoader::healthCheckOptionsRefused_data()
{
    QTest::addColumn<QByteArray>("check");
    QTest::addColumn<QString>("needle");
    QTest::newRow("json without equals") << QByteArray("{http: \"https://a.example/h\", json: status}")
                                         << u"needs 'equals'"_s;
    QTest::newRow("equals without json") << QByteArray("{http: \"https://a.example/h\", equals: ok}")
                                         << u"needs 'json'"_s;
    QTest::newRow("ca on plain http") << QByteArray("{http: \"http://a.example/h\", ca: ca.pem}")
                                      << u"applies only to https:// URLs"_s;
    QTest::newRow("body on a command") << QByteArray("{command: \"true\", host: here, body: ok}")
                                       << u"applies only to http checks"_s;
    QTest::newRow("ca on a command") << QByteArray("{command: \"true\", host: here, ca: ca.pem}")
                                     << u"applies only to http checks"_s;
    QTest::newRow("threshold 0") << QByteArray("{command: \"true\", host: here, failure_threshold: 0}")
                                 << u"'failure_threshold'"_s;
    QTest::newRow("threshold 101") << QByteArray("{command: \"true\", host: here, failure_threshold: 101}")
                                   << u"'failure_threshold'"_s;
    QTest::newRow("threshold text") << QByteArray("{command: \"true\", host: here, failure_threshold: many}")
                                    << u"'failure_threshold'"_s;
}

void TestWorkspaceLoader::healthCheckOptionsRefused()
{
    QFETCH(QByteArray, check);
    QFETCH(QString, needle);
    const QByteArray yaml = "version: 1\nhosts:\n  here: {local: true}\nenvironments:\n  - name: prod\n    health:\n"
                            "      - " + check + "\n";
    const auto loaded = rd::config::parseWorkspace(yaml, u"input.yaml"_s);
    QVERIFY2(!loaded, "bad input was accepted");
    QVERIFY2(loaded.error().size() == 1, qPrintable(dump(loaded.error())));
    QCOMPARE(loaded.error().first().location.line, 7);
    QVERIFY2(loaded.error().first().message.contains(needle), qPrintable(loaded.error().first().toString()));
}

QTEST_GUILESS_MAIN(TestWorkspaceLoader)
#include "tst_workspaceloader.moc"
