// SPDX-License-Identifier: GPL-3.0-or-later
// Registry operations against a real Debian docker-registry (distribution 2.8) started by the
// test on loopback: catalog pagination, deleting one tag (refused when another tag shares its
// digest, done when none does), copying a whole image (and an index) across repositories with
// blob mounts checked by skopeo, the matrix's targeted tag resolution, and retention clean-up
// (planCleanup with a protected digest, then releasedeck-cli cleanup --dry-run and --yes).
// Images are pushed by RemoteRegistry itself with chosen created times and labels.
#include "config/workspaceloader.h"
#include "registry/mediatypes.h"
#include "registry/ocilayoutwriter.h"
#include "registry/registrybackend.h"
#include "registry/remoteregistry.h"
#include "registry/taghistory.h"
#include "release/matrixloader.h"
#include "release/retention.h"
#include "processrun.h"
#include "registryserver.h"
#include "testdata.h"
#include "util/trustedcertificates.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rd::registry;
using rd::test::RegistryServer;

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString sha256(const QByteArray &bytes)
{
    return u"sha256:"_s + QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

template<typename T>
QString errorOf(const rd::Result<T> &result)
{
    return result ? QString() : result.error().toString();
}

RemoteRegistry::Options fastOptions()
{
    RemoteRegistry::Options options;
    options.transferTimeout = std::chrono::milliseconds(3'000);
    options.requestTimeout = std::chrono::milliseconds(10'000);
    options.backoff = std::chrono::milliseconds(20);
    return options;
}

// Pushes a one-layer image whose config says `version`, `revision` and `created`, tags it
// with every tag in `tags`, and returns its manifest digest (empty on failure, after QWARN).
QString pushImage(RemoteRegistry &registry, const QString &repo, const QString &version, const QString &revision,
                  const QDateTime &created, const QStringList &tags)
{
    const QByteArray layer = makeTar({{u"app/VERSION"_s, QString(repo + version).toUtf8()}}, 0);
    QJsonObject labels{{u"org.opencontainers.image.version"_s, version}};
    if (!revision.isEmpty())
        labels.insert(u"org.opencontainers.image.revision"_s, revision);
    const QByteArray config = compact({{u"architecture"_s, u"amd64"_s}, {u"os"_s, u"linux"_s},
                                       {u"created"_s, created.toUTC().toString(Qt::ISODate)},
                                       {u"config"_s, QJsonObject{{u"Labels"_s, labels}}},
                                       {u"rootfs"_s, QJsonObject{{u"type"_s, u"layers"_s}, {u"diff_ids"_s, QJsonArray{sha256(layer)}}}}});
    const QByteArray manifest = compact({{u"schemaVersion"_s, 2}, {u"mediaType"_s, MediaType::OciManifest},
                                         {u"config"_s, QJsonObject{{u"mediaType"_s, MediaType::OciConfig}, {u"digest"_s, sha256(config)}, {u"size"_s, config.size()}}},
                                         {u"layers"_s, QJsonArray{QJsonObject{{u"mediaType"_s, MediaType::OciLayerTar}, {u"digest"_s, sha256(layer)}, {u"size"_s, layer.size()}}}}});
    for (const QByteArray &blob : {layer, config}) {
        if (auto pushed = registry.pushBlob(repo, blob); !pushed) {
            qWarning("%s", qPrintable(pushed.error().toString()));
            return {};
        }
    }
    QString digest;
    for (const QString &tag : tags) {
        auto stored = registry.putManifest(repo, tag, manifest, MediaType::OciManifest);
        if (!stored) {
            qWarning("%s", qPrintable(stored.error().toString()));
            return {};
        }
        digest = *stored;
    }
    return digest;
}

QString revisionOf(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha1).toHex());
}

rd::test::ProcessRun skopeo(const QStringList &arguments)
{
    return rd::test::runProcess(u"skopeo"_s, arguments);
}

// The digest skopeo reads for repo:tag (sha256 of the raw manifest), empty when it has none.
QString skopeoDigest(const RegistryServer &server, const QString &repo, const QString &tag)
{
    const auto run = skopeo({u"inspect"_s, u"--raw"_s, u"--tls-verify=false"_s, u"docker://%1/%2:%3"_s.arg(server.hostPort(), repo, tag)});
    if (!run.finished || run.exitCode != 0)
        return {};
    return sha256(run.out.toUtf8());
}

QStringList sortedTags(RemoteRegistry &registry, const QString &repo)
{
    auto tags = registry.tags(repo);
    if (!tags)
        return {u"error: "_s + tags.error().message};
    QStringList sorted = *tags;
    sorted.sort();
    return sorted;
}

} // namespace

class TestRegistryOps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void catalogFollowsRelativeLinkPages()
    {
        RegistryServer server;
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        RemoteRegistry pusher(u"test"_s, QUrl(server.url()), u"none"_s, fastOptions());
        QStringList expected;
        for (int i = 0; i < 7; ++i) {
            const QString repo = u"team/svc-%1"_s.arg(i);
            QVERIFY(!pushImage(pusher, repo, u"1.0.0"_s, {}, QDateTime::currentDateTimeUtc(), {u"v1.0.0"_s}).isEmpty());
            expected.append(repo);
        }
        expected.sort();

        RemoteRegistry::Options paged = fastOptions();
        paged.catalogPageSize = 2; // 7 names: 4 pages, each linked with a relative Link
        RemoteRegistry registry(u"test"_s, QUrl(server.url()), u"none"_s, paged);
        auto catalog = registry.catalog();
        QVERIFY2(catalog, qPrintable(errorOf(catalog)));
        QCOMPARE(*catalog, expected);

        // the same without paging (a page size above the count)
        RemoteRegistry::Options whole = fastOptions();
        whole.catalogPageSize = 1000;
        RemoteRegistry one(u"test"_s, QUrl(server.url()), u"none"_s, whole);
        auto all = one.catalog();
        QVERIFY2(all, qPrintable(errorOf(all)));
        QCOMPARE(*all, expected);
    }

    void deleteOneTag()
    {
        RegistryServer server;
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        RemoteRegistry registry(u"test"_s, QUrl(server.url()), u"none"_s, fastOptions());
        const QString repo = u"rd/del"_s;
        const QDateTime created = QDateTime::currentDateTimeUtc();
        const QString shared = pushImage(registry, repo, u"1.0.0"_s, {}, created, {u"v1.0.0"_s, u"staging"_s, u"latest"_s});
        const QString lonely = pushImage(registry, repo, u"1.1.0"_s, {}, created, {u"v1.1.0"_s});
        const QString pair = pushImage(registry, repo, u"1.2.0"_s, {}, created, {u"v1.2.0"_s, u"sha-abcdef0"_s});
        QVERIFY(!shared.isEmpty() && !lonely.isEmpty() && !pair.isEmpty());

        // shared digest: registry 2.8 deletes by digest only, so this is refused, naming the others
        auto refused = registry.deleteTag(repo, u"v1.0.0"_s, {});
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(u"latest, staging"_s), qPrintable(refused.error().message));
        QVERIFY2(refused.error().message.contains(u"deletes by digest only"_s), qPrintable(refused.error().message));
        QCOMPARE(skopeoDigest(server, repo, u"v1.0.0"_s), shared);
        QCOMPARE(skopeoDigest(server, repo, u"staging"_s), shared);

        // a plan made against another image is refused before anything happens
        auto stale = registry.deleteTag(repo, u"v1.1.0"_s, shared);
        QVERIFY(!stale);
        QVERIFY2(stale.error().message.contains(u"not at "_s + shared), qPrintable(stale.error().message));
        QCOMPARE(skopeoDigest(server, repo, u"v1.1.0"_s), lonely);

        // no other tag on it: deleted, and only it
        auto deleted = registry.deleteTag(repo, u"v1.1.0"_s, lonely);
        QVERIFY2(deleted, qPrintable(errorOf(deleted)));
        QCOMPARE(*deleted, lonely);
        QCOMPARE(skopeoDigest(server, repo, u"v1.1.0"_s), QString());
        QCOMPARE(sortedTags(registry, repo), (QStringList{u"latest"_s, u"sha-abcdef0"_s, u"staging"_s, u"v1.0.0"_s, u"v1.2.0"_s}));

        // every tag of one image together: allowed, since nothing else shares it
        auto both = registry.deleteTags(repo, {u"v1.2.0"_s, u"sha-abcdef0"_s}, pair);
        QVERIFY2(both, qPrintable(errorOf(both)));
        QCOMPARE(sortedTags(registry, repo), (QStringList{u"latest"_s, u"staging"_s, u"v1.0.0"_s}));
        QCOMPARE(skopeoDigest(server, repo, u"staging"_s), shared);

        auto missing = registry.deleteTag(repo, u"v9.9.9"_s, {});
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.contains(u"has no tag 'v9.9.9'"_s), qPrintable(missing.error().message));
        auto bad = registry.deleteTag(repo, u"../x"_s, {});
        QVERIFY(!bad);
    }

    void copyAcrossRepositories()
    {
        RegistryServer server;
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        RemoteRegistry registry(u"test"_s, QUrl(server.url()), u"none"_s, fastOptions());
        const QString digest = pushImage(registry, u"rd/src"_s, u"3.0.0"_s, revisionOf(u"x"_s), QDateTime::currentDateTimeUtc(), {u"v3.0.0"_s});
        QVERIFY(!digest.isEmpty());

        auto report = registry.copyImage(u"rd/src"_s, u"v3.0.0"_s, u"rd/dst"_s, u"v3.0.0"_s);
        QVERIFY2(report, qPrintable(errorOf(report)));
        QCOMPARE(report->digest, digest);
        QCOMPARE(report->mounted, 2); // config and layer: no bytes moved
        QCOMPARE(report->uploaded, 0);
        QCOMPARE(report->manifests, 1);
        QCOMPARE(skopeoDigest(server, u"rd/dst"_s, u"v3.0.0"_s), digest);
        // skopeo reads the whole image there (every blob present), not just the manifest
        const QTemporaryDir out;
        const auto pulled = skopeo({u"--insecure-policy"_s, u"copy"_s, u"--src-tls-verify=false"_s,
                                    u"docker://%1/rd/dst:v3.0.0"_s.arg(server.hostPort()), u"oci:%1:x"_s.arg(out.path())});
        QVERIFY2(pulled.finished && pulled.exitCode == 0, qPrintable(pulled.describe()));

        // again: everything is there already
        auto again = registry.copyImage(u"rd/src"_s, digest, u"rd/dst"_s, u"again"_s);
        QVERIFY2(again, qPrintable(errorOf(again)));
        QCOMPARE(again->present, 2);

        // an index with its two platform manifests, pushed by skopeo from a layout
        const QTemporaryDir layouts;
        {
            OciLayoutWriter writer(layouts.filePath(u"multi"_s));
            QJsonArray manifests;
            for (const QString &arch : {u"arm64"_s, u"amd64"_s}) {
                auto layer = writer.writeBlob(makeTar({{u"app/ARCH"_s, arch.toUtf8()}}, 0), MediaType::OciLayerTar);
                auto config = writer.writeBlob(compact({{u"architecture"_s, arch}, {u"os"_s, u"linux"_s},
                                                        {u"rootfs"_s, QJsonObject{{u"type"_s, u"layers"_s}, {u"diff_ids"_s, QJsonArray{layer->digest}}}}}),
                                               MediaType::OciConfig);
                QVERIFY(layer && config);
                auto manifest = writer.writeImage(*config, {*layer});
                QVERIFY(manifest);
                manifests.append(QJsonObject{{u"mediaType"_s, manifest->mediaType}, {u"digest"_s, manifest->digest}, {u"size"_s, manifest->size},
                                             {u"platform"_s, QJsonObject{{u"architecture"_s, arch}, {u"os"_s, u"linux"_s}}}});
            }
            auto index = writer.writeBlob(compact({{u"schemaVersion"_s, 2}, {u"mediaType"_s, MediaType::OciIndex}, {u"manifests"_s, manifests}}),
                                          MediaType::OciIndex);
            QVERIFY(index);
            writer.tag(u"v4.0.0"_s, *index);
            QVERIFY(writer.finish());
        }
        const auto pushed = skopeo({u"--insecure-policy"_s, u"copy"_s, u"--all"_s, u"--dest-tls-verify=false"_s,
                                    u"oci:%1:v4.0.0"_s.arg(layouts.filePath(u"multi"_s)), u"docker://%1/rd/multi:v4.0.0"_s.arg(server.hostPort())});
        QVERIFY2(pushed.finished && pushed.exitCode == 0, qPrintable(pushed.describe()));
        const QString indexDigest = skopeoDigest(server, u"rd/multi"_s, u"v4.0.0"_s);
        auto multi = registry.copyImage(u"rd/multi"_s, u"v4.0.0"_s, u"rd/multi-copy"_s, u"v4.0.0"_s);
        QVERIFY2(multi, qPrintable(errorOf(multi)));
        QCOMPARE(multi->digest, indexDigest);
        QCOMPARE(multi->manifests, 3);
        QCOMPARE(multi->mounted, 4);
        QCOMPARE(skopeoDigest(server, u"rd/multi-copy"_s, u"v4.0.0"_s), indexDigest);
        const auto arm = skopeo({u"inspect"_s, u"--tls-verify=false"_s, u"--override-arch=arm64"_s,
                                 u"docker://%1/rd/multi-copy:v4.0.0"_s.arg(server.hostPort())});
        QVERIFY2(arm.finished && arm.exitCode == 0 && arm.out.contains(u"arm64"_s), qPrintable(arm.describe()));

        auto absent = registry.copyImage(u"rd/src"_s, u"nope"_s, u"rd/dst"_s, u"x"_s);
        QVERIFY(!absent);
    }

    // The matrix reads only the environment tags and the tags their labels name; what it shows
    // for them must equal resolving every tag (the old way), and an unlabelled image falls
    // back to resolving the version tags.
    void matrixResolvesOnlyWhatItNeeds()
    {
        RegistryServer server;
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        RemoteRegistry registry(u"test"_s, QUrl(server.url()), u"none"_s, fastOptions());
        const QDateTime created = QDateTime::currentDateTimeUtc();
        for (int v = 0; v < 8; ++v)
            QVERIFY(!pushImage(registry, u"rd/m"_s, u"1.%1.0"_s.arg(v), revisionOf(QString::number(v)), created, {u"v1.%1.0"_s.arg(v)}).isEmpty());
        QVERIFY(registry.retag(u"rd/m"_s, u"v1.7.0"_s, u"dev"_s, {}));
        QVERIFY(registry.retag(u"rd/m"_s, u"v1.5.0"_s, u"prod"_s, {}));
        QVERIFY(registry.retag(u"rd/m"_s, u"v1.5.0"_s, u"sha-"_s + revisionOf(u"5"_s).left(7), {}));
        // no labels at all: the version comes from resolving version tags
        QVERIFY(!pushImage(registry, u"rd/plain"_s, {}, {}, created, {u"v2.0.0"_s, u"v2.1.0"_s}).isEmpty());
        QVERIFY(registry.retag(u"rd/plain"_s, u"v2.1.0"_s, u"dev"_s, {}));

        QTemporaryDir dir;
        const QString path = dir.filePath(u"releasedeck.yaml"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(u"version: 1\nname: m\nregistries:\n  local: {url: \"%1\", insecure: true}\n"
                   u"artifacts:\n  - {name: m, registry: local, image: rd/m}\n  - {name: plain, registry: local, image: rd/plain}\n"
                   u"environments:\n  - {name: dev}\n  - {name: qa}\n  - {name: prod}\n"_s.arg(server.url()).toUtf8());
        file.close();
        const auto workspace = rd::config::loadWorkspace(path);
        QVERIFY(workspace);
        for (int round = 0; round < 2; ++round) { // the second one reads configs from the cache
            const auto matrix = rd::release::loadEnvironmentMatrix(*workspace);
            QCOMPARE(matrix.rows.size(), 2);
            const auto &dev = matrix.rows[0].cells[0];
            QVERIFY2(dev.isDeployed(), qPrintable(dev.error));
            QCOMPARE(dev.version, u"v1.7.0"_s);
            QCOMPARE(dev.tags, (QStringList{u"dev"_s, u"v1.7.0"_s}));
            QCOMPARE(dev.commit, revisionOf(u"7"_s));
            QCOMPARE(dev.digest, skopeoDigest(server, u"rd/m"_s, u"v1.7.0"_s));
            QVERIFY(!matrix.rows[0].cells[1].isDeployed());
            const auto &prod = matrix.rows[0].cells[2];
            QCOMPARE(prod.version, u"v1.5.0"_s);
            QCOMPARE(prod.tags, (QStringList{u"prod"_s, u"sha-"_s + revisionOf(u"5"_s).left(7), u"v1.5.0"_s}));
            const auto &plain = matrix.rows[1].cells[0];
            QVERIFY2(plain.isDeployed(), qPrintable(plain.error));
            QCOMPARE(plain.version, u"v2.1.0"_s);
            QCOMPARE(plain.tags, (QStringList{u"dev"_s, u"v2.0.0"_s, u"v2.1.0"_s}));
        }
    }

    void historyOfAnEnvironmentTag()
    {
        RegistryServer server;
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        RemoteRegistry registry(u"test"_s, QUrl(server.url()), u"none"_s, fastOptions());
        const QDateTime base = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch() - 10 * 86400, QTimeZone::UTC);
        // built in this order: v1.1.0, v1.0.1 (a hotfix built later), v1.2.0
        const QString d110 = pushImage(registry, u"rd/h"_s, u"1.1.0"_s, {}, base, {u"v1.1.0"_s});
        const QString d101 = pushImage(registry, u"rd/h"_s, u"1.0.1"_s, {}, base.addDays(1), {u"v1.0.1"_s, u"v1.0"_s});
        const QString d120 = pushImage(registry, u"rd/h"_s, u"1.2.0"_s, {}, base.addDays(2), {u"v1.2.0"_s, u"latest"_s});
        QVERIFY(!d110.isEmpty() && !d101.isEmpty() && !d120.isEmpty());
        QVERIFY(registry.retag(u"rd/h"_s, u"v1.0.1"_s, u"prod"_s, {}));

        auto history = tagHistory(registry, u"rd/h"_s, u"prod"_s, {});
        QVERIFY2(history, qPrintable(errorOf(history)));
        QCOMPARE(history->size(), 3);
        QCOMPARE(history->at(0).version, u"v1.2.0"_s);
        QVERIFY(!history->at(0).current);
        QCOMPARE(history->at(1).version, u"v1.0.1"_s);
        QCOMPARE(history->at(1).digest, d101);
        QVERIFY(history->at(1).current);
        QCOMPARE(history->at(1).tags, (QStringList{u"prod"_s, u"v1.0"_s, u"v1.0.1"_s}));
        QCOMPARE(history->at(2).version, u"v1.1.0"_s);
        QCOMPARE(history->at(2).created, base);

        auto none = tagHistory(registry, u"rd/h"_s, u"qa"_s, {});
        QVERIFY(none);
        for (const auto &entry : *none)
            QVERIFY(!entry.current);
    }

    // An https registry signed by a private CA: refused until the workspace names the CA in
    // `ca:`, then read, retagged and listed by the CLI; a wrong CA is no better than none.
    void httpsWithPrivateCa()
    {
        RegistryServer server(RegistryServer::Options{.tls = true});
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        QVERIFY(server.url().startsWith(u"https://"_s));
        QTemporaryDir dir;
        const auto workspaceFile = [&](const QString &name, const QString &registryExtra) {
            const QString path = dir.filePath(name);
            QFile file(path);
            file.open(QIODevice::WriteOnly);
            file.write(u"version: 1\nname: tls\nregistries:\n  secure: {url: \"%1\"%2}\n"
                       u"artifacts:\n  - {name: app, registry: secure, image: rd/tls}\n"
                       u"environments:\n  - {name: staging}\n  - {name: prod}\n"_s.arg(server.url(), registryExtra).toUtf8());
            return path;
        };
        const auto open = [](const QString &path) -> rd::Result<std::unique_ptr<rd::registry::RegistryBackend>> {
            auto workspace = rd::config::loadWorkspace(path);
            if (!workspace)
                return std::unexpected(workspace.error().first());
            return rd::registry::openRegistry(workspace->registries.first(), *workspace);
        };

        // no ca: the certificate is not trusted, and the message says what to do
        auto untrusted = open(workspaceFile(u"none.yaml"_s, {}));
        QVERIFY2(untrusted, qPrintable(errorOf(untrusted)));
        auto refused = (*untrusted)->tags(u"rd/tls"_s);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(u"not trusted"_s) && refused.error().message.contains(u"'ca'"_s),
                 qPrintable(refused.error().message));

        // some other self-signed certificate as the CA: still refused
        const QString otherKey = dir.filePath(u"other.key"_s), other = dir.filePath(u"other.crt"_s);
        const auto made = rd::test::runProcess(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, otherKey,
                                                              u"-out"_s, other, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=127.0.0.1"_s,
                                                              u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s, u"-batch"_s});
        QVERIFY2(made.finished && made.exitCode == 0, qPrintable(made.describe()));
        auto wrong = open(workspaceFile(u"wrong.yaml"_s, u", ca: other.crt"_s));
        QVERIFY2(wrong, qPrintable(errorOf(wrong)));
        auto wrongTags = (*wrong)->tags(u"rd/tls"_s);
        QVERIFY(!wrongTags);
        QVERIFY2(wrongTags.error().message.contains(u"not trusted"_s), qPrintable(wrongTags.error().message));

        // a ca file that is missing or holds no certificate: an error before any request
        auto missing = open(workspaceFile(u"missing.yaml"_s, u", ca: nowhere.pem"_s));
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.contains(u"nowhere.pem"_s), qPrintable(missing.error().message));
        QFile garbage(dir.filePath(u"garbage.pem"_s));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        garbage.close();
        auto noCertificate = open(workspaceFile(u"garbage.yaml"_s, u", ca: garbage.pem"_s));
        QVERIFY(!noCertificate);
        QVERIFY2(noCertificate.error().message.contains(u"holds no PEM certificate"_s), qPrintable(noCertificate.error().message));

        // the right CA: push, read back, retag, and the CLI's matrix over https
        QVERIFY(QFile::copy(server.certificateFile(), dir.filePath(u"registry-ca.pem"_s)));
        const QString trustedPath = workspaceFile(u"trusted.yaml"_s, u", ca: registry-ca.pem"_s);
        RemoteRegistry::Options options = fastOptions();
        auto certificates = rd::readTrustedCertificates(dir.filePath(u"registry-ca.pem"_s));
        QVERIFY(certificates);
        options.trustedCertificates = *certificates;
        RemoteRegistry pusher(u"secure"_s, QUrl(server.url()), u"none"_s, options);
        const QString digest = pushImage(pusher, u"rd/tls"_s, u"2.0.0"_s, {}, QDateTime::currentDateTimeUtc(), {u"v2.0.0"_s, u"staging"_s});
        QVERIFY(!digest.isEmpty());
        auto trusted = open(trustedPath);
        QVERIFY2(trusted, qPrintable(errorOf(trusted)));
        auto tags = (*trusted)->tags(u"rd/tls"_s);
        QVERIFY2(tags, qPrintable(errorOf(tags)));
        QCOMPARE(tags->size(), 2);
        auto retagged = (*trusted)->retag(u"rd/tls"_s, u"staging"_s, u"prod"_s, digest);
        QVERIFY2(retagged, qPrintable(errorOf(retagged)));
        QCOMPARE(*retagged, digest);
        const auto listed = rd::test::runProcess(rd::test::binaryPath(u"releasedeck-cli"_s), {u"-w"_s, trustedPath, u"list"_s, u"--json"_s});
        QVERIFY2(listed.finished && listed.exitCode == 0, qPrintable(listed.describe()));
        QVERIFY2(listed.out.contains(u"v2.0.0"_s), qPrintable(listed.out));

        // ca on a plain-http registry is a mistake the loader names
        const QString plain = dir.filePath(u"plain.yaml"_s);
        QFile plainFile(plain);
        QVERIFY(plainFile.open(QIODevice::WriteOnly));
        plainFile.write("version: 1\nname: p\nregistries:\n  local: {url: \"http://127.0.0.1:5000\", ca: registry-ca.pem}\n");
        plainFile.close();
        auto plainWorkspace = rd::config::loadWorkspace(plain);
        QVERIFY(!plainWorkspace);
        QStringList messages;
        for (const rd::Error &error : plainWorkspace.error())
            messages.append(error.message);
        QVERIFY2(messages.join(u'\n').contains(u"applies only to https://"_s), qPrintable(messages.join(u'\n')));
    }

    void cleanupKeepsWhatIsNeeded()
    {
        RegistryServer server;
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        RemoteRegistry registry(u"test"_s, QUrl(server.url()), u"none"_s, fastOptions());
        const QString repo = u"rd/app"_s;
        const QDateTime old = QDateTime::currentDateTimeUtc().addDays(-200);
        const QDateTime young = QDateTime::currentDateTimeUtc().addDays(-3);
        const QString d100 = pushImage(registry, repo, u"1.0.0"_s, {}, old, {u"v1.0.0"_s});
        const QString d110 = pushImage(registry, repo, u"1.1.0"_s, revisionOf(u"110"_s), old, {u"v1.1.0"_s, u"sha-"_s + revisionOf(u"110"_s).left(7)});
        const QString d120 = pushImage(registry, repo, u"1.2.0"_s, {}, old, {u"v1.2.0"_s});
        const QString d130 = pushImage(registry, repo, u"1.3.0"_s, {}, old, {u"v1.3.0"_s, u"prod"_s});
        const QString d140 = pushImage(registry, repo, u"1.4.0"_s, {}, old, {u"v1.4.0"_s, u"latest"_s});
        const QString d150 = pushImage(registry, repo, u"1.5.0"_s, {}, young, {u"v1.5.0"_s});
        const QString d160 = pushImage(registry, repo, u"1.6.0"_s, {}, old, {u"v1.6.0"_s, u"v1.6"_s});
        QVERIFY(!d100.isEmpty() && !d110.isEmpty() && !d120.isEmpty() && !d130.isEmpty() && !d140.isEmpty() && !d150.isEmpty() && !d160.isEmpty());

        QTemporaryDir dir;
        const QString path = dir.filePath(u"releasedeck.yaml"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(u"version: 1\nname: c\nregistries:\n  local: {url: \"%1\", insecure: true}\n"
                   u"artifacts:\n  - {name: app, registry: local, image: rd/app, retention: {keep: 1, keep_days: 30}}\n"
                   u"environments:\n  - {name: staging}\n  - {name: production, tag: prod}\n"_s.arg(server.url()).toUtf8());
        file.close();
        const auto workspace = rd::config::loadWorkspace(path);
        QVERIFY(workspace);
        QVERIFY(workspace->artifacts.first().retention);
        QCOMPARE(workspace->artifacts.first().retention->keep, 1);

        // with v1.2.0 in the rollback history
        const auto plan = rd::release::planCleanup(*workspace, {d120});
        QVERIFY2(plan.problems.isEmpty(), qPrintable(plan.problems.join(u'\n')));
        QHash<QString, QString> kept;
        for (const auto &entry : plan.keep)
            kept.insert(entry.tag, entry.reason);
        QStringList removed;
        for (const auto &entry : plan.remove)
            removed.append(entry.tag);
        removed.sort();
        QCOMPARE(removed, (QStringList{u"sha-"_s + revisionOf(u"110"_s).left(7), u"v1.0.0"_s, u"v1.1.0"_s}));
        QCOMPARE(kept.value(u"v1.2.0"_s), u"in the rollback history"_s);
        QCOMPARE(kept.value(u"v1.3.0"_s), u"environment production runs it"_s);
        QCOMPARE(kept.value(u"prod"_s), u"environment production runs it"_s);
        QCOMPARE(kept.value(u"v1.4.0"_s), u"also tagged 'latest', which is not a version"_s);
        QCOMPARE(kept.value(u"v1.5.0"_s), u"younger than 30 days"_s);
        QVERIFY2(kept.value(u"v1.6.0"_s).startsWith(u"one of the newest 1"_s) || kept.value(u"v1.6"_s).startsWith(u"one of the newest 1"_s),
                 qPrintable(kept.value(u"v1.6.0"_s)));
        QCOMPARE(plan.plan.steps.size(), 2); // v1.0.0; v1.1.0 with its sha- tag

        const QString cli = rd::test::binaryPath(u"releasedeck-cli"_s);
        const auto dry = rd::test::runProcess(cli, {u"-w"_s, path, u"cleanup"_s, u"--dry-run"_s, u"--json"_s});
        QVERIFY2(dry.finished && dry.exitCode == 0, qPrintable(dry.describe()));
        const QJsonObject planned = QJsonDocument::fromJson(dry.out.toUtf8()).object();
        QCOMPARE(planned.value(u"result"_s).toString(), u"planned"_s);
        QCOMPARE(planned.value(u"delete"_s).toArray().size(), 4); // no rollback history in the CLI yet: v1.2.0 goes too
        for (const QJsonValue &entry : planned.value(u"keep"_s).toArray())
            QVERIFY(!entry.toObject().value(u"reason"_s).toString().isEmpty());
        QCOMPARE(sortedTags(registry, repo).size(), 11); // nothing deleted

        const auto refused = rd::test::runProcess(cli, {u"-w"_s, path, u"cleanup"_s});
        QCOMPARE(refused.exitCode, 2); // no --yes, no terminal: nothing deleted
        QCOMPARE(sortedTags(registry, repo).size(), 11);

        const auto run = rd::test::runProcess(cli, {u"-w"_s, path, u"cleanup"_s, u"--yes"_s});
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(sortedTags(registry, repo),
                 (QStringList{u"latest"_s, u"prod"_s, u"v1.3.0"_s, u"v1.4.0"_s, u"v1.5.0"_s, u"v1.6"_s, u"v1.6.0"_s}));
        QCOMPARE(skopeoDigest(server, repo, u"prod"_s), d130);
        QCOMPARE(skopeoDigest(server, repo, u"v1.0.0"_s), QString());
    }
};

QTEST_GUILESS_MAIN(TestRegistryOps)
#include "tst_registryops.moc"
