// SPDX-License-Identifier: GPL-3.0-or-later
// The environment matrix: exact cells of the demo, a hand-made workspace for the cases the demo
// does not have (sha tags, missing and remote registries, a skipped stage), and list --json.
#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "git/repository.h"
#include "registry/mediatypes.h"
#include "registry/ocilayoutwriter.h"
#include "release/matrixjson.h"
#include "release/matrixloader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rd;
using rd::release::EnvironmentMatrix;
using rd::release::MatrixCell;

namespace {

const QStringList DemoEnvironments{u"dev"_s, u"qa"_s, u"staging"_s, u"prod"_s};

// What the demo runs: artifact → version per environment ("" = never deployed).
const QMap<QString, QStringList> &demoTable()
{
    static const QMap<QString, QStringList> table{
        {u"api"_s, {u"v1.6.0"_s, u"v1.5.1"_s, u"v1.5.1"_s, u"v1.5.0"_s}},
        {u"web"_s, {u"v2.3.0"_s, u"v2.3.0"_s, u"v2.2.1"_s, u"v2.2.1"_s}},
        {u"worker"_s, {u"v0.9.0"_s, u"v0.8.1"_s, u"v0.8.1"_s, QString()}},
    };
    return table;
}

bool isCommitId(const QString &text)
{
    static const QRegularExpression re(u"\\A[0-9a-f]{40}\\z"_s);
    return re.match(text).hasMatch();
}

bool isDigest(const QString &text)
{
    static const QRegularExpression re(u"\\Asha256:[0-9a-f]{64}\\z"_s);
    return re.match(text).hasMatch();
}

QString problems(const QList<Error> &errors)
{
    QStringList lines;
    for (const Error &error : errors)
        lines.append(error.toString());
    return lines.join(u'\n');
}

const MatrixCell *cellOf(const EnvironmentMatrix &matrix, const QString &artifact, const QString &environment)
{
    const qsizetype column = matrix.environmentIndex(environment);
    for (const auto &row : matrix.rows) {
        if (row.artifact == artifact && column >= 0 && column < row.cells.size())
            return &row.cells[column];
    }
    return nullptr;
}

Result<registry::Descriptor> addImage(registry::OciLayoutWriter &writer, const QJsonObject &labels, const QDateTime &created)
{
    auto layer = writer.writeBlob(registry::makeTar({{u"app/x"_s, QJsonDocument(labels).toJson()}}, 0), registry::MediaType::OciLayerTar);
    if (!layer)
        return layer;
    QJsonObject config{{u"architecture"_s, u"amd64"_s}, {u"os"_s, u"linux"_s}, {u"config"_s, QJsonObject{{u"Labels"_s, labels}}}};
    if (created.isValid())
        config.insert(u"created"_s, created.toUTC().toString(Qt::ISODate));
    auto blob = writer.writeBlob(QJsonDocument(config).toJson(QJsonDocument::Compact), registry::MediaType::OciConfig);
    if (!blob)
        return blob;
    return writer.writeImage(*blob, {*layer});
}

const QString ARevision = QString(40, u'a');
const QString BRevision = QString(40, u'b');

// The hand-made workspace; returns an error sentence or nothing. `svcCommit` receives the
// commit the svc image was built from.
QString writeHandMadeWorkspace(const QString &dir, QString *svcCommit)
{
    auto repo = git::Repository::init(QDir(dir).filePath(u"repo"_s));
    if (!repo)
        return repo.error().toString();
    const git::Signature who{u"Test"_s, u"test@example.org"_s, QDateTime(QDate(2026, 1, 1), QTime(12, 0), QTimeZone::UTC)};
    auto commit = repo->commitFiles({{u"README"_s, QByteArray("svc\n")}}, who, u"svc: first release\n\nBody.\n"_s);
    if (!commit)
        return commit.error().toString();
    *svcCommit = *commit;

    const QString registry = QDir(dir).filePath(u"registry"_s);
    {
        // No revision label: the commit comes from the sha-<7 hex> tag, resolved in the repository.
        registry::OciLayoutWriter svc(registry + u"/team/svc"_s);
        auto image = addImage(svc, {{u"org.opencontainers.image.version"_s, u"v1.0.0"_s}}, QDateTime(QDate(2026, 1, 1), QTime(12, 11), QTimeZone::UTC));
        if (!image)
            return image.error().toString();
        for (const QString &tag : {u"v1.0.0"_s, QString(u"sha-"_s + commit->left(7)), u"dev"_s, u"qa"_s})
            svc.tag(tag, *image);
        if (auto done = svc.finish(); !done)
            return done.error().toString();
    }
    {
        // qa runs a newer version than dev (a skipped stage); prod an older one than qa.
        registry::OciLayoutWriter skip(registry + u"/team/skip"_s);
        auto one = addImage(skip, {{u"org.opencontainers.image.revision"_s, ARevision}}, QDateTime(QDate(2026, 2, 1), QTime(8, 0), QTimeZone::UTC));
        auto two = addImage(skip, {}, QDateTime(QDate(2026, 3, 1), QTime(8, 0), QTimeZone::UTC));
        if (!one || !two)
            return u"cannot write team/skip"_s;
        for (const QString &tag : {u"v1.0.0"_s, u"dev"_s, u"prod"_s})
            skip.tag(tag, *one);
        for (const QString &tag : {u"v2.0.0"_s, u"qa"_s, QString(u"sha-"_s + BRevision)})
            skip.tag(tag, *two);
        if (auto done = skip.finish(); !done)
            return done.error().toString();
    }
    {
        // No version anywhere: environments are ordered by build time.
        registry::OciLayoutWriter nover(registry + u"/team/nover"_s);
        auto newer = addImage(nover, {}, QDateTime(QDate(2026, 2, 1), QTime(8, 0), QTimeZone::UTC));
        auto older = addImage(nover, {}, QDateTime(QDate(2026, 1, 1), QTime(8, 0), QTimeZone::UTC));
        if (!newer || !older)
            return u"cannot write team/nover"_s;
        nover.tag(u"dev"_s, *newer);
        nover.tag(u"qa"_s, *older);
        if (auto done = nover.finish(); !done)
            return done.error().toString();
    }

    QFile file(QDir(dir).filePath(u"releasedeck.yaml"_s));
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    // Plain literals, not a raw string: moc does not parse multi-line raw strings.
    file.write(
               "version: 1\n"
               "name: handmade\n"
               "registries:\n"
               "  local: {url: \"oci-layout:registry\"}\n"
               "  gone: {url: \"oci-layout:no-such-folder\"}\n"
               "  remote: {url: \"http://127.0.0.1:1\"}\n"
               "repositories:\n"
               "  code: {url: repo}\n"
               "artifacts:\n"
               "  - {name: svc, registry: local, image: team/svc, repository: code, versions: \"v*\"}\n"
               "  - {name: missing, registry: gone, image: team/missing}\n"
               "  - {name: skip, registry: local, image: team/skip}\n"
               "  - {name: nover, registry: local, image: team/nover}\n"
               "  - {name: far, registry: remote, image: team/far}\n"
               "environments:\n"
               "  - {name: dev}\n"
               "  - {name: qa}\n"
               "  - {name: prod, protected: true}\n");
    return {};
}

} // namespace

class TestMatrix : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_demoDir.isValid() && m_handDir.isValid());
        auto file = demo::createDemoWorkspace(m_demoDir.filePath(u"demo"_s));
        QVERIFY2(file, qPrintable(file ? QString() : file.error().toString()));
        auto workspace = config::loadWorkspace(*file);
        QVERIFY2(workspace, qPrintable(workspace ? QString() : problems(workspace.error())));
        m_demo = release::loadEnvironmentMatrix(*workspace);
        m_demoRepo = QDir(m_demoDir.filePath(u"demo"_s)).filePath(u"repo"_s);

        const QString written = writeHandMadeWorkspace(m_handDir.path(), &m_svcCommit);
        QVERIFY2(written.isEmpty(), qPrintable(written));
        m_handFile = m_handDir.filePath(u"releasedeck.yaml"_s);
        auto hand = config::loadWorkspace(m_handFile);
        QVERIFY2(hand, qPrintable(hand ? QString() : problems(hand.error())));
        m_hand = release::loadEnvironmentMatrix(*hand);
    }

    void demoShape()
    {
        QCOMPARE(m_demo.workspace, u"hockey-demo"_s);
        QStringList names;
        for (const auto &environment : m_demo.environments) {
            names.append(environment.name);
            QCOMPARE(environment.tag, environment.name);
            QCOMPARE(environment.branch, u"env/"_s + environment.name);
            QCOMPARE(environment.isProtected, environment.name == u"prod");
        }
        QCOMPARE(names, DemoEnvironments);
        QStringList artifacts;
        for (const auto &row : m_demo.rows) {
            artifacts.append(row.artifact);
            QCOMPARE(row.image, u"hockey/"_s + row.artifact);
            QCOMPARE(row.cells.size(), 4);
        }
        QCOMPARE(artifacts, (QStringList{u"api"_s, u"web"_s, u"worker"_s}));
        QVERIFY(m_demo.loadedAt.isValid());
        QCOMPARE(m_demo.environmentIndex(u"staging"), 2);
        QCOMPARE(m_demo.environmentIndex(u"nowhere"), -1);
    }

    void demoCells_data()
    {
        QTest::addColumn<QString>("artifact");
        QTest::addColumn<QString>("environment");
        QTest::addColumn<QString>("version"); // empty: not deployed
        QTest::addColumn<bool>("behind");
        auto row = [](const char *artifact, const char *environment, const char *version, bool behind) {
            QTest::addRow("%s in %s", artifact, environment)
                << QString::fromLatin1(artifact) << QString::fromLatin1(environment) << QString::fromLatin1(version) << behind;
        };
        row("api", "dev", "v1.6.0", false);
        row("api", "qa", "v1.5.1", true);      // behind dev
        row("api", "staging", "v1.5.1", false); // same as qa
        row("api", "prod", "v1.5.0", true);     // behind staging
        row("web", "dev", "v2.3.0", false);
        row("web", "qa", "v2.3.0", false);
        row("web", "staging", "v2.2.1", true);  // behind qa
        row("web", "prod", "v2.2.1", false);
        row("worker", "dev", "v0.9.0", false);
        row("worker", "qa", "v0.8.1", true);    // behind dev
        row("worker", "staging", "v0.8.1", false);
        row("worker", "prod", "", false);
    }
    void demoCells()
    {
        QFETCH(QString, artifact);
        QFETCH(QString, environment);
        QFETCH(QString, version);
        QFETCH(bool, behind);
        const MatrixCell *cell = cellOf(m_demo, artifact, environment);
        QVERIFY(cell);
        QCOMPARE(cell->error, QString());
        QCOMPARE(cell->behind, behind);
        QCOMPARE(cell->ahead, false);
        if (version.isEmpty()) {
            QCOMPARE(cell->state, MatrixCell::State::NotDeployed);
            QVERIFY(!cell->isDeployed());
            QCOMPARE(cell->digest, QString());
            QCOMPARE(cell->tags, QStringList());
            return;
        }
        QCOMPARE(cell->state, MatrixCell::State::Deployed);
        QCOMPARE(cell->version, version);
        QVERIFY2(isDigest(cell->digest), qPrintable(cell->digest));
        QVERIFY2(isCommitId(cell->commit), qPrintable(cell->commit));
        QCOMPARE(cell->commitSubject, u"%1: release %2"_s.arg(artifact, version));

        // The commit is the one the release tag names, and the image was built 11 minutes later.
        auto repo = git::Repository::open(m_demoRepo);
        QVERIFY(repo);
        QCOMPARE(repo->resolveCommit(artifact + u'/' + version).value_or(QString()), cell->commit);
        const auto info = repo->commit(cell->commit);
        QVERIFY(info);
        QCOMPARE(cell->created, info->time.addSecs(11 * 60));

        // Tags: the version, sha-<7 hex>, every environment running it, and latest for prod's.
        QStringList expected{version, u"sha-"_s + cell->commit.left(7)};
        const QStringList versions = demoTable().value(artifact);
        for (qsizetype i = 0; i < DemoEnvironments.size(); ++i) {
            if (versions[i] == version)
                expected.append(DemoEnvironments[i]);
        }
        if (versions.last() == version)
            expected.append(u"latest"_s);
        expected.sort();
        QCOMPARE(cell->tags, expected);
    }

    void demoSameVersionSameDigest()
    {
        for (const auto &row : std::as_const(m_demo.rows)) {
            for (qsizetype i = 0; i < row.cells.size(); ++i) {
                for (qsizetype j = 0; j < row.cells.size(); ++j) {
                    const MatrixCell &a = row.cells[i];
                    const MatrixCell &b = row.cells[j];
                    if (a.isDeployed() && b.isDeployed())
                        QCOMPARE(a.digest == b.digest, a.version == b.version);
                }
            }
        }
    }

    void shaTagWithoutRevisionLabel()
    {
        const MatrixCell *dev = cellOf(m_hand, u"svc"_s, u"dev"_s);
        QVERIFY(dev);
        QCOMPARE(dev->state, MatrixCell::State::Deployed);
        QCOMPARE(dev->version, u"v1.0.0"_s);
        QCOMPARE(dev->commit, m_svcCommit); // the short tag resolved to the full id
        QCOMPARE(dev->commitSubject, u"svc: first release"_s);
        QCOMPARE(dev->tags, (QStringList{u"dev"_s, u"qa"_s, u"sha-"_s + m_svcCommit.left(7), u"v1.0.0"_s}));
        QCOMPARE(dev->created, QDateTime(QDate(2026, 1, 1), QTime(12, 11), QTimeZone::UTC));
        const MatrixCell *qa = cellOf(m_hand, u"svc"_s, u"qa"_s);
        QVERIFY(qa);
        QCOMPARE(qa->digest, dev->digest);
        QVERIFY(!qa->behind && !qa->ahead);
        QCOMPARE(cellOf(m_hand, u"svc"_s, u"prod"_s)->state, MatrixCell::State::NotDeployed);

        // A full sha-<40 hex> tag needs no repository.
        const MatrixCell *skipQa = cellOf(m_hand, u"skip"_s, u"qa"_s);
        QVERIFY(skipQa);
        QCOMPARE(skipQa->commit, BRevision);
        QCOMPARE(skipQa->commitSubject, QString());
        QCOMPARE(cellOf(m_hand, u"skip"_s, u"dev"_s)->commit, ARevision); // the revision label
    }

    void missingRegistryFolder()
    {
        const auto &row = m_hand.rows.at(1);
        QCOMPARE(row.artifact, u"missing"_s);
        QCOMPARE(row.cells.size(), 3);
        for (const MatrixCell &cell : row.cells) {
            QCOMPARE(cell.state, MatrixCell::State::Error);
            QVERIFY(!cell.isDeployed());
            QVERIFY2(cell.error.contains(u"team/missing"_s) && cell.error.contains(u"no-such-folder"_s), qPrintable(cell.error));
            QVERIFY2(!cell.error.contains(u'\n'), qPrintable(cell.error));
            QVERIFY(!cell.behind && !cell.ahead);
        }
        // The other artifacts still load.
        QCOMPARE(cellOf(m_hand, u"svc"_s, u"dev"_s)->state, MatrixCell::State::Deployed);
        QCOMPARE(cellOf(m_hand, u"skip"_s, u"dev"_s)->state, MatrixCell::State::Deployed);
    }

    void remoteRegistry()
    {
        const auto &row = m_hand.rows.at(4);
        QCOMPARE(row.artifact, u"far"_s);
        for (const MatrixCell &cell : row.cells) {
            QCOMPARE(cell.state, MatrixCell::State::Error);
            // A registry that does not answer (port 1 on loopback: nothing listens, and no
            // traffic leaves the machine) is named in one sentence; the rest still loads.
            QVERIFY2(cell.error.contains(u"'remote'"_s) && cell.error.contains(u"cannot reach registry"_s)
                         && cell.error.contains(u"127.0.0.1:1"_s),
                     qPrintable(cell.error));
        }
    }

    void aheadAndBehind_data()
    {
        QTest::addColumn<QString>("artifact");
        QTest::addColumn<QString>("environment");
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("behind");
        QTest::addColumn<bool>("ahead");
        QTest::newRow("skip dev") << u"skip"_s << u"dev"_s << u"v1.0.0"_s << false << false;
        QTest::newRow("skip qa ahead of dev") << u"skip"_s << u"qa"_s << u"v2.0.0"_s << false << true;
        QTest::newRow("skip prod behind qa") << u"skip"_s << u"prod"_s << u"v1.0.0"_s << true << false;
        QTest::newRow("no version, newer") << u"nover"_s << u"dev"_s << QString() << false << false;
        QTest::newRow("no version, older build") << u"nover"_s << u"qa"_s << QString() << true << false;
    }
    void aheadAndBehind()
    {
        QFETCH(QString, artifact);
        QFETCH(QString, environment);
        QFETCH(QString, version);
        QFETCH(bool, behind);
        QFETCH(bool, ahead);
        const MatrixCell *cell = cellOf(m_hand, artifact, environment);
        QVERIFY(cell);
        QCOMPARE(cell->state, MatrixCell::State::Deployed);
        QCOMPARE(cell->version, version);
        QCOMPARE(cell->behind, behind);
        QCOMPARE(cell->ahead, ahead);
    }

    void json()
    {
        // Through text and back, as a script reads it.
        const QByteArray text = QJsonDocument(release::matrixToJson(m_demo)).toJson();
        QJsonParseError parseError;
        const QJsonObject document = QJsonDocument::fromJson(text, &parseError).object();
        QCOMPARE(parseError.error, QJsonParseError::NoError);

        QCOMPARE(document.value(u"environments"_s).toArray().toVariantList(),
                 QJsonArray::fromStringList(DemoEnvironments).toVariantList());
        const QJsonArray artifacts = document.value(u"artifacts"_s).toArray();
        QCOMPARE(artifacts.size(), 3);
        qsizetype index = 0;
        for (auto it = demoTable().cbegin(); it != demoTable().cend(); ++it, ++index) {
            const QJsonObject artifact = artifacts.at(index).toObject();
            QCOMPARE(artifact.value(u"name"_s).toString(), it.key());
            QCOMPARE(artifact.value(u"image"_s).toString(), u"hockey/"_s + it.key());
            const QJsonObject cells = artifact.value(u"cells"_s).toObject();
            QCOMPARE(cells.keys().size(), 4);
            for (qsizetype e = 0; e < DemoEnvironments.size(); ++e) {
                const QString environment = DemoEnvironments[e];
                const QString version = it.value().at(e);
                QVERIFY2(cells.contains(environment), qPrintable(environment));
                const QJsonValue value = cells.value(environment);
                if (version.isEmpty()) {
                    QVERIFY2(value.isNull(), qPrintable(it.key() + u" in "_s + environment));
                    continue;
                }
                const QJsonObject cell = value.toObject();
                const MatrixCell *expected = cellOf(m_demo, it.key(), environment);
                QCOMPARE(cell.value(u"version"_s).toString(), version);
                QVERIFY(cell.value(u"tags"_s).isArray());
                QVERIFY(cell.value(u"tags"_s).toArray().contains(version));
                QCOMPARE(cell.value(u"tags"_s).toArray().size(), expected->tags.size());
                QCOMPARE(cell.value(u"digest"_s).toString(), expected->digest);
                QVERIFY2(isCommitId(cell.value(u"commit"_s).toString()), qPrintable(cell.value(u"commit"_s).toString()));
                QCOMPARE(cell.value(u"commit"_s).toString(), expected->commit);
                QCOMPARE(QDateTime::fromString(cell.value(u"created"_s).toString(), Qt::ISODate), expected->created);
                QVERIFY(cell.value(u"created"_s).toString().endsWith(u'Z'));
                QCOMPARE(cell.value(u"behind"_s).toBool(), expected->behind);
            }
        }
    }

    void jsonNullsAndErrors()
    {
        const QJsonObject document = release::matrixToJson(m_hand);
        QCOMPARE(document.value(u"environments"_s).toArray(), (QJsonArray{u"dev"_s, u"qa"_s, u"prod"_s}));
        const QJsonArray artifacts = document.value(u"artifacts"_s).toArray();
        QCOMPARE(artifacts.size(), 5);
        // Unknown version and commit are null, not "".
        const QJsonObject nover = artifacts.at(3).toObject().value(u"cells"_s).toObject();
        QVERIFY(nover.value(u"dev"_s).toObject().value(u"version"_s).isNull());
        QVERIFY(nover.value(u"dev"_s).toObject().value(u"commit"_s).isNull());
        QVERIFY(nover.value(u"dev"_s).toObject().value(u"created"_s).isString());
        QVERIFY(nover.value(u"prod"_s).isNull());
        // A cell that cannot be read says why.
        const QJsonObject far = artifacts.at(4).toObject().value(u"cells"_s).toObject().value(u"qa"_s).toObject();
        QVERIFY(far.value(u"version"_s).isNull());
        QVERIFY2(far.value(u"error"_s).toString().contains(u"cannot reach registry"_s), qPrintable(far.value(u"error"_s).toString()));

        const QJsonObject empty = release::matrixToJson(EnvironmentMatrix{});
        QCOMPARE(empty.value(u"environments"_s).toArray(), QJsonArray());
        QCOMPARE(empty.value(u"artifacts"_s).toArray(), QJsonArray());
    }

private:
    QTemporaryDir m_demoDir;
    QTemporaryDir m_handDir;
    EnvironmentMatrix m_demo;
    EnvironmentMatrix m_hand;
    QString m_demoRepo;
    QString m_handFile;
    QString m_svcCommit;
};

QTEST_GUILESS_MAIN(TestMatrix)
#include "tst_matrix.moc"
