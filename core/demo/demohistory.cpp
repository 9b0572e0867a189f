// SPDX-License-Identifier: GPL-3.0-or-later
#include "demohistory.h"

#include "demoworkspace.h"
#include "git/repository.h"

#include <QMap>

using namespace Qt::StringLiterals;

namespace rd::demo {

namespace {

enum class Kind { Scaffold, Feature, Fix, Release, Docs, Deploy, Ci };

struct Step
{
    Kind kind;
    QString area;     // api | web | worker | docs | deploy | ci | root
    QString text;     // feature/fix name, release version, or commit subject
};

// The history, oldest first. Subjects follow the team's "area: what" convention.
const QList<Step> &history()
{
    static const QList<Step> steps{
        {Kind::Docs, u"root"_s, u"Initial layout: README, architecture notes"_s},
        {Kind::Scaffold, u"api"_s, u"scaffold the HTTP service"_s},
        {Kind::Scaffold, u"web"_s, u"scaffold the front end"_s},
        {Kind::Scaffold, u"worker"_s, u"scaffold the job runner"_s},
        {Kind::Feature, u"api"_s, u"health"_s},
        {Kind::Release, u"api"_s, u"v1.4.0"_s},
        {Kind::Feature, u"web"_s, u"login"_s},
        {Kind::Release, u"web"_s, u"v2.2.0"_s},
        {Kind::Feature, u"worker"_s, u"email_queue"_s},
        {Kind::Release, u"worker"_s, u"v0.8.0"_s},
        {Kind::Docs, u"docs"_s, u"runbook for rollbacks"_s},
        {Kind::Feature, u"api"_s, u"rate_limit"_s},
        {Kind::Fix, u"api"_s, u"empty_roster"_s},
        {Kind::Release, u"api"_s, u"v1.4.1"_s},
        {Kind::Deploy, u"deploy"_s, u"healthcheck for api"_s},
        {Kind::Fix, u"web"_s, u"same_site_cookie"_s},
        {Kind::Release, u"web"_s, u"v2.2.1"_s},
        {Kind::Feature, u"api"_s, u"games"_s},
        {Kind::Fix, u"worker"_s, u"smtp_retry"_s},
        {Kind::Release, u"worker"_s, u"v0.8.1"_s},
        {Kind::Release, u"api"_s, u"v1.5.0"_s},
        {Kind::Ci, u"ci"_s, u"label images with revision and version"_s},
        {Kind::Fix, u"api"_s, u"game_timezone"_s},
        {Kind::Release, u"api"_s, u"v1.5.1"_s},
        {Kind::Feature, u"web"_s, u"schedule"_s},
        {Kind::Feature, u"web"_s, u"dark_theme"_s},
        {Kind::Docs, u"docs"_s, u"environment promotion policy"_s},
        {Kind::Release, u"web"_s, u"v2.3.0"_s},
        {Kind::Feature, u"worker"_s, u"standings_recompute"_s},
        {Kind::Deploy, u"deploy"_s, u"pin postgres 17"_s},
        {Kind::Feature, u"api"_s, u"standings"_s},
        {Kind::Feature, u"api"_s, u"structured_logging"_s},
        {Kind::Release, u"worker"_s, u"v0.9.0"_s},
        {Kind::Fix, u"api"_s, u"roster_n_plus_one"_s},
        {Kind::Release, u"api"_s, u"v1.6.0"_s},
        {Kind::Docs, u"docs"_s, u"quick start in the README"_s},
    };
    return steps;
}

const QList<std::pair<QString, QString>> &people()
{
    static const QList<std::pair<QString, QString>> list{
        {u"Mira Kovač"_s, u"mira@hockey.example"_s},
        {u"Taras Bondar"_s, u"taras@hockey.example"_s},
        {u"Lena Fischer"_s, u"lena@hockey.example"_s},
        {u"Ivo Petrov"_s, u"ivo@hockey.example"_s},
    };
    return list;
}

// "structured_logging" → "StructuredLogging", for Go identifiers.
QByteArray camel(const QString &name)
{
    QByteArray out;
    for (const QString &part : name.split(u'_', Qt::SkipEmptyParts))
        out += part.left(1).toUpper().toUtf8() + part.mid(1).toUtf8();
    return out;
}

QString humanise(const QString &name)
{
    QString text = name;
    text.replace(u'_', u' ');
    return text;
}

// What one service looks like after the changes so far.
struct Service
{
    QString name;
    QString version;
    QStringList features;
    QStringList fixes;
    QStringList unreleased;   // changelog lines since the last release
    QStringList changelog;    // released sections, newest first
};

QByteArray goSource(const Service &s)
{
    QByteArray src = "// Package main serves the hockey league API.\npackage main\n\nimport (\n\t\"encoding/json\"\n"
                     "\t\"log/slog\"\n\t\"net/http\"\n\t\"os\"\n)\n\nvar version = \"dev\"\n\nfunc main() {\n"
                     "\tmux := http.NewServeMux()\n\tmux.HandleFunc(\"/version\", func(w http.ResponseWriter, r *http.Request) {\n"
                     "\t\tjson.NewEncoder(w).Encode(map[string]string{\"version\": version})\n\t})\n";
    for (const QString &f : s.features)
        src += "\tmux.HandleFunc(\"/" + f.toUtf8().replace('_', '-') + "\", handle" + camel(f) + ")\n";
    src += "\taddr := os.Getenv(\"LISTEN\")\n\tif addr == \"\" {\n\t\taddr = \":8080\"\n\t}\n"
           "\tslog.Info(\"listening\", \"addr\", addr, \"version\", version)\n"
           "\tif err := http.ListenAndServe(addr, mux); err != nil {\n\t\tslog.Error(\"server stopped\", \"err\", err)\n\t\tos.Exit(1)\n\t}\n}\n";
    return src;
}

QByteArray goHandlers(const Service &s)
{
    QByteArray src = "package main\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n)\n";
    for (const QString &f : s.features) {
        const QByteArray fn = "handle" + camel(f);
        src += "\n// " + fn + " answers /" + f.toUtf8().replace('_', '-') + ".\nfunc " + fn
               + "(w http.ResponseWriter, r *http.Request) {\n\tw.Header().Set(\"Content-Type\", \"application/json\")\n"
                 "\tjson.NewEncoder(w).Encode(map[string]any{\"" + f.toUtf8() + "\": true})\n}\n";
    }
    for (const QString &x : s.fixes)
        src += "\n// guard" + camel(x) + " fixes " + humanise(x).toUtf8()
               + ".\nfunc guard" + camel(x)
               + "(v []string) []string {\n\tif v == nil {\n\t\treturn []string{}\n\t}\n\treturn v\n}\n";
    return src;
}

QByteArray tsSource(const Service &s)
{
    QByteArray src = "// Routes of the league front end.\nimport { render } from './render';\n";
    for (const QString &f : s.features)
        src += "import { " + f.toUtf8() + "Page } from './pages/" + f.toUtf8() + "';\n";
    src += "\nexport const routes: Record<string, () => string> = {\n  '/': () => render('Home'),\n";
    for (const QString &f : s.features)
        src += "  '/" + f.toUtf8().replace('_', '-') + "': " + f.toUtf8() + "Page,\n";
    src += "};\n";
    for (const QString &x : s.fixes)
        src += "\n// " + humanise(x).toUtf8() + "\nexport const " + x.toUtf8() + "Fixed = true;\n";
    return src;
}

QByteArray pySource(const Service &s)
{
    QByteArray src = "\"\"\"Background jobs of the hockey league.\"\"\"\nimport logging\nimport time\n\nlog = logging.getLogger(\"worker\")\n\nJOBS = {}\n\n\n"
                     "def job(name):\n    def register(fn):\n        JOBS[name] = fn\n        return fn\n    return register\n";
    for (const QString &f : s.features)
        src += "\n\n@job(\"" + f.toUtf8() + "\")\ndef " + f.toUtf8() + "():\n    log.info(\"running " + humanise(f).toUtf8() + "\")\n";
    for (const QString &x : s.fixes)
        src += "\n\ndef " + x.toUtf8() + "(attempt):\n    # " + humanise(x).toUtf8() + ": back off exponentially\n    time.sleep(min(60, 2 ** attempt))\n";
    src += "\n\nif __name__ == \"__main__\":\n    for name, fn in sorted(JOBS.items()):\n        fn()\n";
    return src;
}

QByteArray changelog(const Service &s)
{
    QByteArray text = "# Changelog of " + s.name.toUtf8() + "\n";
    for (const QString &section : s.changelog)
        text += '\n' + section.toUtf8();
    return text;
}

// Files of a service that a step changes (the whole content of each).
QMap<QString, std::optional<QByteArray>> serviceFiles(const Service &s, bool scaffold)
{
    QMap<QString, std::optional<QByteArray>> files;
    const QString dir = u"services/"_s + s.name + u'/';
    if (s.name == u"api") {
        files[dir + u"main.go"_s] = goSource(s);
        files[dir + u"handlers.go"_s] = goHandlers(s);
        if (scaffold) {
            files[dir + u"go.mod"_s] = QByteArray("module example.org/hockey/api\n\ngo 1.23\n");
            files[dir + u"Dockerfile"_s] = QByteArray("FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api .\n\n"
                                                       "FROM gcr.io/distroless/static\nCOPY --from=build /out/api /app/api\nEXPOSE 8080\nENTRYPOINT [\"/app/api\"]\n");
        }
    } else if (s.name == u"web") {
        files[dir + u"src/app.ts"_s] = tsSource(s);
        for (const QString &f : s.features)
            files[dir + u"src/pages/"_s + f + u".ts"_s] = "import { render } from '../render';\n\nexport function " + f.toUtf8()
                                                        + "Page(): string {\n  return render('" + humanise(f).toUtf8() + "');\n}\n";
        if (scaffold) {
            files[dir + u"package.json"_s] = QByteArray("{\n  \"name\": \"hockey-web\",\n  \"private\": true,\n  \"scripts\": {\"build\": \"tsc -p .\"},\n"
                                                         "  \"devDependencies\": {\"typescript\": \"^5.6.0\"}\n}\n");
            files[dir + u"src/render.ts"_s] = QByteArray("export function render(title: string): string {\n  return `<main><h1>${title}</h1></main>`;\n}\n");
            files[dir + u"Dockerfile"_s] = QByteArray("FROM node:22 AS build\nWORKDIR /src\nCOPY . .\nRUN npm ci && npm run build\n\n"
                                                       "FROM nginx:1.27-alpine\nCOPY --from=build /src/dist /usr/share/nginx/html\n");
        }
    } else {
        files[dir + u"worker.py"_s] = pySource(s);
        if (scaffold) {
            files[dir + u"pyproject.toml"_s] = QByteArray("[project]\nname = \"hockey-worker\"\nversion = \"0.0.0\"\nrequires-python = \">=3.12\"\n"
                                                           "dependencies = [\"psycopg>=3.2\"]\n");
            files[dir + u"Dockerfile"_s] = QByteArray("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\nCMD [\"python\", \"worker.py\"]\n");
        }
    }
    files[dir + u"VERSION"_s] = s.version.toUtf8() + '\n';
    files[dir + u"CHANGELOG.md"_s] = changelog(s);
    return files;
}

QByteArray composeFile(int revision)
{
    QByteArray text = "# Production-like stack; IMAGE_TAG is set by the deploy step.\nservices:\n"
                      "  api:\n    image: registry.example.org/hockey/api:${IMAGE_TAG:-latest}\n    ports: [\"8080:8080\"]\n"
                      "    depends_on: [db]\n";
    if (revision >= 1)
        text += "    healthcheck:\n      test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/health\"]\n      interval: 30s\n";
    text += "  web:\n    image: registry.example.org/hockey/web:${IMAGE_TAG:-latest}\n    ports: [\"80:80\"]\n"
            "  worker:\n    image: registry.example.org/hockey/worker:${IMAGE_TAG:-latest}\n    depends_on: [db]\n"
            "  db:\n    image: postgres:" + QByteArray(revision >= 2 ? "17.2" : "16") + "\n    volumes: [\"pgdata:/var/lib/postgresql/data\"]\n"
            "volumes:\n  pgdata: {}\n";
    return text;
}

QByteArray workflowFile()
{
    return "name: build\non:\n  push:\n    branches: [main]\njobs:\n  image:\n    runs-on: ubuntu-latest\n    strategy:\n"
           "      matrix:\n        service: [api, web, worker]\n    steps:\n      - uses: actions/checkout@v4\n"
           "      - uses: docker/build-push-action@v6\n        with:\n          context: services/${{ matrix.service }}\n"
           "          push: true\n          tags: registry.example.org/hockey/${{ matrix.service }}:sha-${{ github.sha }}\n"
           "          labels: |\n            org.opencontainers.image.revision=${{ github.sha }}\n";
}

} // namespace

Result<QList<Release>> writeDemoRepository(const QString &path)
{
    auto repo = git::Repository::init(path);
    if (!repo)
        return std::unexpected(repo.error());

    QMap<QString, Service> services{
        {u"api"_s, {u"api"_s, u"1.3.9"_s, {}, {}, {}, {}}},
        {u"web"_s, {u"web"_s, u"2.1.4"_s, {}, {}, {}, {}}},
        {u"worker"_s, {u"worker"_s, u"0.7.2"_s, {}, {}, {}, {}}},
    };
    QByteArray docs = "# Architecture\n\nThree services share one PostgreSQL database: `api` (Go) serves JSON, `web` (TypeScript) "
                      "renders pages, `worker` (Python) runs background jobs.\n";
    int composeRevision = 0;
    QList<Release> releases;

    QDateTime when = demoEpoch();
    int index = 0;
    for (const Step &step : history()) {
        // Deterministic, irregular spacing: most commits land during the working day.
        when = when.addSecs(3600 * (15 + (index * 7) % 13) + 60 * ((index * 37) % 60));
        const auto &[name, email] = people()[index % people().size()];
        ++index;

        QMap<QString, std::optional<QByteArray>> files;
        QString subject;
        QString body;
        switch (step.kind) {
        case Kind::Scaffold: {
            Service &s = services[step.area];
            files = serviceFiles(s, true);
            subject = step.area + u": "_s + step.text;
            break;
        }
        case Kind::Feature:
        case Kind::Fix: {
            Service &s = services[step.area];
            const bool feature = step.kind == Kind::Feature;
            (feature ? s.features : s.fixes).append(step.text);
            subject = step.area + (feature ? u": add "_s : u": fix "_s) + humanise(step.text);
            s.unreleased.append(u"- "_s + (feature ? u"Added "_s : u"Fixed "_s) + humanise(step.text));
            files = serviceFiles(s, false);
            body = feature ? u"Covered by the service's request tests.\n\nRefs: HOCKEY-%1"_s.arg(100 + index)
                           : u"Seen in production logs after the last release.\n\nFixes: HOCKEY-%1"_s.arg(100 + index);
            break;
        }
        case Kind::Release: {
            Service &s = services[step.area];
            s.version = step.text.mid(1);
            s.changelog.prepend(u"## %1 (%2)\n\n%3\n"_s.arg(step.text, when.date().toString(Qt::ISODate),
                                                           s.unreleased.isEmpty() ? u"- Maintenance release"_s : s.unreleased.join(u'\n')));
            s.unreleased.clear();
            files = serviceFiles(s, false);
            subject = step.area + u": release "_s + step.text;
            break;
        }
        case Kind::Docs:
            if (step.area == u"root") {
                files[u"README.md"_s] = QByteArray("# Hockey league\n\nThe league's web site: schedule, games, standings.\n");
                files[u".gitignore"_s] = QByteArray("/dist/\n__pycache__/\nnode_modules/\n");
                files[u"deploy/docker-compose.yml"_s] = composeFile(composeRevision);
                files[u"docs/architecture.md"_s] = docs;
                subject = step.text;
            } else {
                docs += "\n## " + step.text.toUtf8() + "\n\nWritten down after the " + QByteArray::number(index) + "th change; ask #releases before changing it.\n";
                files[u"docs/architecture.md"_s] = docs;
                if (step.text.contains(u"README"_s))
                    files[u"README.md"_s] = QByteArray("# Hockey league\n\nThe league's web site: schedule, games, standings.\n\n"
                                                       "## Quick start\n\n    docker compose -f deploy/docker-compose.yml up -d\n");
                subject = u"docs: "_s + step.text;
            }
            break;
        case Kind::Deploy:
            files[u"deploy/docker-compose.yml"_s] = composeFile(++composeRevision);
            subject = u"compose: "_s + step.text;
            break;
        case Kind::Ci:
            files[u".github/workflows/build.yml"_s] = workflowFile();
            subject = u"ci: "_s + step.text;
            break;
        }

        const git::Signature signature{name, email, when};
        auto commit = repo->commitFiles(files, signature, body.isEmpty() ? QString(subject + u'\n') : QString(subject + u"\n\n"_s + body + u'\n'));
        if (!commit)
            return std::unexpected(commit.error());
        if (step.kind == Kind::Release) {
            releases.append(Release{step.area, step.text, *commit, when});
            if (auto tag = repo->createTag(step.area + u'/' + step.text, *commit, signature, step.area + u' ' + step.text + u'\n'); !tag)
                return std::unexpected(tag.error());
        }
    }
    if (auto checkout = repo->checkoutHead(); !checkout)
        return std::unexpected(checkout.error());
    return releases;
}

} // namespace rd::demo
