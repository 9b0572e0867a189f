// SPDX-License-Identifier: GPL-3.0-or-later
// Retention decisions (pure: no registry) — newest N, younger than D days, environment tags,
// the rollback history, digests shared with kept or non-version tags, unknown build times —
// and the whole clean-up run against an OCI image layout (tags leave index.json, blobs stay).
// The same against a real docker-registry is in tests/integration/tst_registryops.cpp.
#include "config/workspace.h"
#include "config/workspaceloader.h"
#include "registry/mediatypes.h"
#include "registry/ocilayout.h"
#include "registry/ocilayoutwriter.h"
#include "release/retention.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rd::release;

namespace {

const QDateTime Now(QDate(2026, 6, 1), QTime(12, 0), QTimeZone::UTC);

QString digestOf(int n)
{
    return u"sha256:"_s + QString::number(n).repeated(64).left(64);
}

RetentionImage image(int n, const QStringList &tags, int daysOld)
{
    return {digestOf(n), tags, daysOld < 0 ? QDateTime() : Now.addDays(-daysOld)};
}

struct Decided
{
    QStringList removed;
    QHash<QString, QString> kept; // tag → reason
};

Decided decide(const QList<RetentionImage> &images, int keep, int keepDays, const QSet<QString> &protectedDigests = {},
               const QString &glob = {})
{
    rd::config::Retention policy;
    policy.keep = keep;
    policy.keepDays = keepDays;
    RetentionPlan plan;
    decideRetention(u"api"_s, glob, policy, images, {{u"prod"_s, u"production"_s}, {u"staging"_s, u"staging"_s}}, protectedDigests, Now, plan);
    Decided decided;
    for (const RetentionEntry &entry : plan.remove)
        decided.removed.append(entry.tag);
    decided.removed.sort();
    for (const RetentionEntry &entry : plan.keep)
        decided.kept.insert(entry.tag, entry.reason);
    return decided;
}

} // namespace

class TestRetention : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsNewestVersionsByVersionOrder()
    {
        // v1.10.0 is newer than v1.9.0 although it sorts before it as text
        const auto d = decide({image(1, {u"v1.9.0"_s}, 100), image(2, {u"v1.10.0"_s}, 100), image(3, {u"v1.2.0"_s}, 100),
                               image(4, {u"v1.8.0"_s}, 100)},
                              2, 0);
        QCOMPARE(d.removed, (QStringList{u"v1.2.0"_s, u"v1.8.0"_s}));
        QCOMPARE(d.kept.value(u"v1.10.0"_s), u"one of the newest 2 versions"_s);
        QCOMPARE(d.kept.value(u"v1.9.0"_s), u"one of the newest 2 versions"_s);
    }

    void keepsYoungImagesAndUnknownTimes()
    {
        const auto d = decide({image(1, {u"v1.0.0"_s}, 40), image(2, {u"v1.1.0"_s}, 29), image(3, {u"v1.2.0"_s}, -1),
                               image(4, {u"v1.3.0"_s}, 0)},
                              1, 30);
        QCOMPARE(d.removed, QStringList{u"v1.0.0"_s});
        QCOMPARE(d.kept.value(u"v1.1.0"_s), u"younger than 30 days"_s);
        QCOMPARE(d.kept.value(u"v1.2.0"_s), u"its creation time is unknown"_s);
        // without an age rule, an unknown time does not matter
        QCOMPARE(decide({image(3, {u"v1.2.0"_s}, -1), image(4, {u"v1.3.0"_s}, 0)}, 1, 0).removed, QStringList{u"v1.2.0"_s});
    }

    void neverDeletesWhatEnvironmentsOrHistoryNeed()
    {
        const auto d = decide({image(1, {u"v1.0.0"_s, u"prod"_s}, 400), image(2, {u"v1.1.0"_s}, 400), image(3, {u"v1.2.0"_s, u"latest"_s}, 400),
                               image(4, {u"v1.3.0"_s}, 400), image(5, {u"v2.0.0"_s}, 1)},
                              1, 0, {digestOf(2)});
        QCOMPARE(d.removed, QStringList{u"v1.3.0"_s});
        QCOMPARE(d.kept.value(u"v1.0.0"_s), u"environment production runs it"_s);
        QCOMPARE(d.kept.value(u"prod"_s), u"environment production runs it"_s);
        QCOMPARE(d.kept.value(u"v1.1.0"_s), u"in the rollback history"_s);
        QCOMPARE(d.kept.value(u"v1.2.0"_s), u"also tagged 'latest', which is not a version"_s);
        QCOMPARE(d.kept.value(u"latest"_s), u"also tagged 'latest', which is not a version"_s);
    }

    void sharedDigestsGoTogetherOrStayTogether()
    {
        // v1.0 and v1.0.0 share an image: both old, both go (one step); v2 shares the kept v2.0.0
        const auto d = decide({image(1, {u"v1.0.0"_s, u"v1.0"_s, u"sha-0123abc"_s}, 400), image(2, {u"v2.0.0"_s, u"v2.0"_s}, 400)}, 1, 0);
        QCOMPARE(d.removed, (QStringList{u"sha-0123abc"_s, u"v1.0"_s, u"v1.0.0"_s}));
        QVERIFY(d.kept.contains(u"v2.0.0"_s) && d.kept.contains(u"v2.0"_s));
        const QString v2 = d.kept.value(u"v2.0"_s);
        const QString v200 = d.kept.value(u"v2.0.0"_s);
        // one of them is the newest; the other stays because it shares that image
        QVERIFY2((v200.startsWith(u"one of the newest"_s) && v2 == u"shares its digest with kept tag 'v2.0.0'"_s)
                     || (v2.startsWith(u"one of the newest"_s) && v200 == u"shares its digest with kept tag 'v2.0'"_s),
                 qPrintable(v2 + u" / "_s + v200));
    }

    void imagesWithoutVersionTagsStay()
    {
        const auto d = decide({image(1, {u"sha-0123abc"_s}, 400), image(2, {u"v1.0.0"_s}, 400)}, 1, 0);
        QVERIFY(d.removed.isEmpty());
        QCOMPARE(d.kept.value(u"sha-0123abc"_s), u"has no version tag"_s);
        // a custom version glob: "release-*" tags are the versions, v-tags are not
        const auto custom = decide({image(1, {u"release-1"_s}, 400), image(2, {u"release-2"_s}, 400), image(3, {u"v9.0.0"_s}, 400)}, 1, 0, {},
                                   u"release-*"_s);
        QCOMPARE(custom.removed, QStringList{u"release-1"_s});
        QCOMPARE(custom.kept.value(u"v9.0.0"_s), u"also tagged 'v9.0.0', which is not a version"_s);
    }

    void retentionKeysInTheWorkspace()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"releasedeck.yaml"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("version: 1\nname: r\nregistries:\n  demo: {url: \"oci-layout:registry\"}\n"
                   "artifacts:\n  - {name: a, registry: demo, image: org/a, retention: {keep: 3, keep_days: 14}}\n"
                   "  - {name: b, registry: demo, image: org/b}\n"
                   "  - {name: c, registry: demo, image: org/c, retention: {keep: 0}}\n"
                   "  - {name: d, registry: demo, image: org/d, retention: {keep: 2, forever: true}}\n"
                   "environments:\n  - {name: prod}\n");
        file.close();
        const auto loaded = rd::config::loadWorkspace(path);
        QVERIFY(!loaded);
        QString all;
        for (const rd::Error &error : loaded.error())
            all += error.toString() + u'\n';
        QVERIFY2(all.contains(u"keep"_s) && all.contains(u"forever"_s), qPrintable(all));

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("version: 1\nname: r\nregistries:\n  demo: {url: \"oci-layout:registry\"}\n"
                   "artifacts:\n  - {name: a, registry: demo, image: org/a, retention: {keep: 3, keep_days: 14}}\n"
                   "  - {name: b, registry: demo, image: org/b}\n"
                   "environments:\n  - {name: prod}\n");
        file.close();
        const auto good = rd::config::loadWorkspace(path);
        QVERIFY(good);
        QVERIFY(good->artifacts[0].retention);
        QCOMPARE(good->artifacts[0].retention->keep, 3);
        QCOMPARE(good->artifacts[0].retention->keepDays, 14);
        QVERIFY(!good->artifacts[1].retention);
    }

    // The whole path on an OCI layout: plan, run, and the tags are gone from index.json while
    // every other tag (and every blob) stays.
    void cleanupOnAnOciLayout()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        {
            rd::registry::OciLayoutWriter writer(dir.filePath(u"registry/org/a"_s));
            for (int v = 0; v < 4; ++v) {
                const QByteArray layerBytes = rd::registry::makeTar({{u"v"_s, QByteArray::number(v)}}, 0);
                auto layer = writer.writeBlob(layerBytes, rd::registry::MediaType::OciLayerTar);
                auto config = writer.writeBlob(QJsonDocument(QJsonObject{{u"architecture"_s, u"amd64"_s}, {u"os"_s, u"linux"_s},
                                                                         {u"created"_s, Now.addDays(-100 + v).toString(Qt::ISODate)}})
                                                   .toJson(QJsonDocument::Compact),
                                               rd::registry::MediaType::OciConfig);
                QVERIFY(layer && config);
                auto manifest = writer.writeImage(*config, {*layer});
                QVERIFY(manifest);
                writer.tag(u"v1.%1.0"_s.arg(v), *manifest);
                if (v == 0)
                    writer.tag(u"prod"_s, *manifest);
                if (v == 1)
                    writer.tag(u"v1.1"_s, *manifest);
            }
            QVERIFY(writer.finish());
        }
        const QString path = dir.filePath(u"releasedeck.yaml"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("version: 1\nname: r\nregistries:\n  demo: {url: \"oci-layout:registry\"}\n"
                   "artifacts:\n  - {name: a, registry: demo, image: org/a, retention: {keep: 1}}\n"
                   "environments:\n  - {name: prod}\n");
        file.close();
        const auto workspace = rd::config::loadWorkspace(path);
        QVERIFY(workspace);
        const RetentionPlan plan = planCleanup(*workspace, {}, Now);
        QVERIFY2(plan.problems.isEmpty(), qPrintable(plan.problems.join(u'\n')));
        QCOMPARE(plan.plan.steps.size(), 2); // v1.1.0 with v1.1; v1.2.0
        const QJsonObject json = plan.toJson();
        QCOMPARE(json.value(u"delete"_s).toArray().size(), 3);
        QCOMPARE(json.value(u"delete"_s).toArray().first().toObject().value(u"artifact"_s).toString(), u"a"_s);
        QVERIFY(json.value(u"keep"_s).toArray().first().toObject().contains(u"reason"_s));
        QStringList descriptions;
        for (const auto &step : plan.plan.steps)
            descriptions.append(step->description());
        QVERIFY2(descriptions.join(u'\n').contains(u"Delete a v1.1, v1.1.0 (sha256:"_s), qPrintable(descriptions.join(u'\n')));

        // The audit log's history says an environment ran v1.2.0: it stays restorable.
        QHash<QString, QSet<QString>> history;
        history.insert(u"a"_s, QSet<QString>{u"v1.2.0"_s});
        const RetentionPlan withHistory = planCleanup(*workspace, {}, Now, history);
        QCOMPARE(withHistory.plan.steps.size(), 1); // only v1.1.0 with v1.1
        bool keptForHistory = false;
        for (const QJsonValue &entry : withHistory.toJson().value(u"keep"_s).toArray()) {
            keptForHistory |= entry.toObject().value(u"tag"_s).toString() == u"v1.2.0"_s
                && entry.toObject().value(u"reason"_s).toString() == u"in the rollback history"_s;
        }
        QVERIFY(keptForHistory);

        const PlanOutcome outcome = runPlan(plan.plan, [](const StepEvent &) {});
        QVERIFY2(outcome.succeeded(), qPrintable(outcome.message));
        rd::registry::OciLayoutBackend layout(dir.filePath(u"registry"_s));
        auto tags = layout.tags(u"org/a"_s);
        QVERIFY(tags);
        QStringList sorted = *tags;
        sorted.sort();
        QCOMPARE(sorted, (QStringList{u"prod"_s, u"v1.0.0"_s, u"v1.3.0"_s}));
        auto catalog = layout.catalog();
        QVERIFY(catalog);
        QCOMPARE(*catalog, QStringList{u"org/a"_s});

        // a plan made earlier than a change: the step refuses, the tag stays
        auto stale = layout.deleteTag(u"org/a"_s, u"v1.3.0"_s, u"sha256:"_s + QString(64, u'0'));
        QVERIFY(!stale);
        QVERIFY2(stale.error().message.contains(u"refusing to delete"_s), qPrintable(stale.error().message));
    }
};

QTEST_GUILESS_MAIN(TestRetention)
#include "tst_retention.moc"
