"""docker-compose.yml without Docker: each service's own command run natively, with what compose gives it.

Docker's engine cannot run on our machines nor in CI, so this stands in for `docker compose up` closely
enough to catch a deployment that would not come up:

- The compose file is read with PyYAML, its ${VARIABLE:-default} interpolation resolved from the project's
  `.env`, as compose does; here `.env` is `.env.example` with the test's own secrets filled in.
- A service built from the Dockerfile gets the image's ENV, then its env_file, then its `environment`, and
  runs its command (the Dockerfile's CMD when it has none) with the virtualenv's Python. Its files are a
  copy of the build context, made as the Dockerfile's COPY lines make them (minus .dockerignore), with the
  folders its RUN lines make (mkdir). Nothing else of a RUN line is run: `pip install` is the virtualenv.
  Who owns what (useradd, chown, USER) is read, not enacted: the services run as the test's user, since
  on our machines the virtualenv's Python lies under /root, where the image's user may not go.
  `Dockerfile.owner` answers who may write a folder in the container.
- Every container has a root folder of its own under a temporary folder: a container path maps into it, and
  a named volume or a bind mount is a symbolic link at its mount point, so two services share a volume as
  they do in Docker. A new volume takes the content of the folder it is first mounted on.
- Service host names map to 127.0.0.1. `db` (an image of postgres) is the machine's PostgreSQL, in a
  database of the test's own (user postgres), after checking that the URLs name the user, password and
  database the db service is given; `redis` is the machine's Redis, in a database index of the test's own.
  A port of a service run here is replaced by a free one, wherever it is named (GUNICORN_BIND, the health
  check, the proxy's upstream); a published port too.
- The proxy service (image caddy) runs the machine's caddy with the repo's Caddyfile, with global options
  put first: the free ports, no admin endpoint, and certificates from Caddy's own local CA instead of Let's
  Encrypt; its `root` folders are mapped like any container path.

What it does not do: build an image, switch users, enforce read-only mounts, or isolate the network.
"""

import contextlib
import fcntl
import fnmatch
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

# The environment of the official images this project uses, as their Dockerfiles set it.
IMAGE_ENV = {
    "python": {"LANG": "C.UTF-8"},
    "caddy": {"XDG_CONFIG_HOME": "/config", "XDG_DATA_HOME": "/data"},
}
# Filled in with random values where `.env.example` leaves them empty, as the README tells the owner to.
SECRETS = ("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD")
LOCAL_DATABASE = "newsroom_compose"
LOCAL_REDIS_INDEX = 12  # the compose redis server's database 0 is the machine's database 12
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
LOCK_FILE = Path(tempfile.gettempdir()) / "newsroom-compose-test.lock"
LOOPBACK = {"127.0.0.1", "localhost", "0.0.0.0"}
# One pass over a string, so that an address already mapped is not mapped again: a PostgreSQL URL, a Redis
# URL, or a host:port.
_ADDRESS = re.compile(
    r"postgres(?:ql)?://(?P<user>[^:@/\s]+)(?::(?P<password>[^@/\s]*))?@(?P<db_host>[\w.-]+)(?::\d+)?/(?P<name>[\w-]+)"
    r"|redis://(?P<cache_host>[\w.-]+)(?::\d+)?(?:/(?P<index>\d+))?"
    r"|(?<![\w.-])(?P<host>[A-Za-z_][\w.-]*|\d+\.\d+\.\d+\.\d+):(?P<port>\d{2,5})\b"
)


class ComposeError(AssertionError):
    """The compose file, the Dockerfile or a service does something that would fail in Docker."""


# Reading the files ------------------------------------------------------------------------------------


def read_dotenv(path):
    """KEY=value lines as compose reads an env file: comments, blank lines and surrounding quotes dropped."""
    values = {}
    for number, raw in enumerate(Path(path).read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise ComposeError(f"{path}:{number}: not KEY=value: {raw!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = re.split(r"\s+#", value, maxsplit=1)[0]
        values[key.strip()] = value
    return values


_VARIABLE = re.compile(
    r"\$\$|\$\{(?P<name>[A-Za-z_]\w*)(?:(?P<op>:?[-?+])(?P<arg>(?:[^{}]|\{[^{}]*\})*))?\}|\$(?P<bare>[A-Za-z_]\w*)"
)


def interpolate(text, variables):
    """Compose's variable interpolation: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error},
    ${VAR:+alternative} and $$ for a dollar sign."""

    def replace(match):
        if match.group(0) == "$$":
            return "$"
        name = match.group("name") or match.group("bare")
        op, arg = match.group("op"), match.group("arg") or ""
        value = variables.get(name)
        unset_or_empty = value is None or (value == "" and op and op.startswith(":"))
        if op in {"-", ":-"}:
            return interpolate(arg, variables) if unset_or_empty else value
        if op in {"?", ":?"}:
            if unset_or_empty:
                raise ComposeError(f"${{{name}}} is required: {arg}")
            return value
        if op in {"+", ":+"}:
            return "" if unset_or_empty else interpolate(arg, variables)
        return value or ""

    return _VARIABLE.sub(replace, text)


def _interpolate_tree(node, variables):
    if isinstance(node, str):
        return interpolate(node, variables)
    if isinstance(node, list):
        return [_interpolate_tree(item, variables) for item in node]
    if isinstance(node, dict):
        return {key: _interpolate_tree(value, variables) for key, value in node.items()}
    return node


def duration(text, default=30.0):
    """A compose duration such as 15s, 1m30s or 500ms, in seconds."""
    if not text:
        return default
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 1e-6}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|us|h|m|s)", str(text))
    if not parts:
        raise ComposeError(f"not a duration: {text!r}")
    return sum(float(number) * units[unit] for number, unit in parts)


@dataclass
class Dockerfile:
    """What the native run needs of a Dockerfile: its base image, ENV, WORKDIR, USER, CMD, COPY lines,
    and the folders its RUN lines make and chown. Other instructions and commands are left out."""

    base_image: str = ""
    env: dict = field(default_factory=dict)
    workdir: str = "/"
    user: str = "root"
    cmd: list = field(default_factory=list)
    copies: list = field(default_factory=list)  # (source in the context, destination folder or file)
    made: list = field(default_factory=list)  # folders, in order
    chowned: list = field(default_factory=list)  # (user name, folder)
    homes: dict = field(default_factory=lambda: {"root": "/root"})

    @classmethod
    def read(cls, path):
        image = cls()
        text = re.sub(r"\\\n", " ", Path(path).read_text())
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            instruction, _, rest = line.partition(" ")
            instruction, rest = instruction.upper(), rest.strip()
            if instruction == "FROM":
                image.base_image = rest.split()[0]
            elif instruction == "ENV":
                words = shlex.split(rest)
                if words and "=" not in words[0]:  # the old form: ENV KEY value with spaces
                    image.env[words[0]] = " ".join(words[1:])
                else:
                    image.env.update(word.split("=", 1) for word in words)
            elif instruction == "WORKDIR":
                image.workdir = str(PurePosixPath(image.workdir) / rest)
            elif instruction == "USER":
                image.user = rest.split(":")[0]
            elif instruction == "CMD":
                image.cmd = json.loads(rest) if rest.startswith("[") else ["/bin/sh", "-c", rest]
            elif instruction == "COPY":
                words = [word for word in shlex.split(rest) if not word.startswith("--")]
                if len(words) == 1:
                    raise ComposeError(f"COPY without a destination: {raw!r}")
                *sources, destination = words
                into_folder = destination.endswith("/") or destination == "." or len(sources) > 1
                for source in sources:
                    target = image.absolute(destination)
                    if into_folder and source != "." and not (Path(path).parent / source).is_dir():
                        target = str(PurePosixPath(target) / PurePosixPath(source).name)
                    image.copies.append((source, target))
            elif instruction == "RUN":
                image._read_run(rest)
        return image

    def _read_run(self, script):
        for command in re.split(r"&&|;|\|\|", script):
            words = shlex.split(command)
            if not words:
                continue
            name, args = words[0], words[1:]
            if name == "useradd":
                self.homes[args[-1]] = f"/home/{args[-1]}"
            elif name == "mkdir":
                self.made += [self.absolute(arg) for arg in args if not arg.startswith("-")]
            elif name == "chown":
                operands = [arg for arg in args if not arg.startswith("-")]
                owner = operands[0].split(":")[0]
                self.chowned += [(owner, self.absolute(arg)) for arg in operands[1:]]

    def absolute(self, path):
        return str(PurePosixPath(self.workdir) / path)

    def owner(self, container_path):
        """The user who owns a folder of the image (and a new volume mounted on it): the last chown -R of
        it or a folder above it, else root."""
        path = PurePosixPath(container_path)
        owner = "root"
        for user, folder in self.chowned:
            if path == PurePosixPath(folder) or PurePosixPath(folder) in path.parents:
                owner = user
        return owner


def dockerignore_patterns(context):
    path = Path(context) / ".dockerignore"
    if not path.exists():
        return []
    lines = [line.strip() for line in path.read_text().splitlines()]
    patterns = [line for line in lines if line and not line.startswith("#")]
    if any(pattern.startswith("!") for pattern in patterns):
        raise ComposeError(".dockerignore exceptions (!pattern) are not modelled by tests/deploy/compose.py")
    return [pattern.strip("/") for pattern in patterns]


def ignored(relative, patterns):
    """Whether a path of the build context (relative, POSIX) is left out by .dockerignore, itself or a
    folder it is in."""
    parts = relative.split("/")
    for path in ("/".join(parts[: count + 1]) for count in range(len(parts))):
        for pattern in patterns:
            candidates = [pattern, pattern[3:]] if pattern.startswith("**/") else [pattern]
            if any(fnmatch.fnmatchcase(path, candidate) for candidate in candidates):
                return True
    return False


class Project:
    """docker-compose.yml with its interpolation resolved, the Dockerfile, and the project's `.env`."""

    def __init__(self, directory, *, dotenv=None):
        self.directory = Path(directory)
        self.dotenv_path = Path(dotenv) if dotenv else None
        self.variables = read_dotenv(self.dotenv_path) if self.dotenv_path else {}
        raw = yaml.safe_load((self.directory / "docker-compose.yml").read_text())
        self.compose = _interpolate_tree(raw, self.variables)
        self.services = self.compose.get("services") or {}
        self.dockerfile = Dockerfile.read(self.directory / "Dockerfile")

    def service(self, name):
        return self.services[name]

    def image(self, name):
        """The service's image name without its tag ('caddy'), or 'build' for the Dockerfile's."""
        spec = self.services[name]
        if "build" in spec:
            return "build"
        return spec["image"].rsplit("/", 1)[-1].split(":")[0]

    def env_files(self, name):
        entries = self.services[name].get("env_file") or []
        entries = [entries] if isinstance(entries, (str, dict)) else entries
        paths = []
        for entry in entries:
            path = entry["path"] if isinstance(entry, dict) else entry
            resolved = (self.directory / path).resolve()
            if resolved == (self.directory / ".env").resolve() and self.dotenv_path:
                resolved = self.dotenv_path  # the project's .env is the test's own
            paths.append(resolved)
        return paths

    def environment(self, name):
        """The environment compose gives the service, before mapping to this machine."""
        spec = self.services[name]
        image = self.image(name)
        env = {}
        if image == "build":
            env.update(IMAGE_ENV.get(self.dockerfile.base_image.split(":")[0], {}))
            env.update(self.dockerfile.env)
        else:
            env.update(IMAGE_ENV.get(image, {}))
        for path in self.env_files(name):
            env.update(read_dotenv(path))
        own = spec.get("environment") or {}
        if isinstance(own, list):
            own = dict(
                item.split("=", 1) if "=" in item else (item, self.variables.get(item, "")) for item in own
            )
        env.update({key: "" if value is None else str(value) for key, value in own.items()})
        return env

    def command(self, name):
        spec = self.services[name]
        command = spec.get("command")
        if command is None:
            if self.image(name) != "build":
                raise ComposeError(f"service {name}: no command, and the image's own is not known here")
            return list(self.dockerfile.cmd)
        return shlex.split(command) if isinstance(command, str) else [str(word) for word in command]

    def healthcheck(self, name):
        """(argv, run in a shell?, timeout) of the service's health check, or None."""
        check = self.services[name].get("healthcheck")
        if not check or check.get("disable"):
            return None
        test = check["test"]
        if isinstance(test, str):
            test = ["CMD-SHELL", test]
        kind, *args = test
        if kind == "NONE":
            return None
        if kind == "CMD-SHELL":
            args = ["/bin/sh", "-c", " ".join(args)]
        elif kind != "CMD":
            raise ComposeError(f"service {name}: health check {test!r} is neither CMD nor CMD-SHELL")
        return args, duration(check.get("timeout"), 30)

    def dependencies(self, name):
        """{service: condition} the service waits for."""
        depends = self.services[name].get("depends_on") or {}
        if isinstance(depends, list):
            return dict.fromkeys(depends, "service_started")
        return {other: (spec or {}).get("condition", "service_started") for other, spec in depends.items()}

    def mounts(self, name):
        """[(source, target, is a named volume)] of the service."""
        mounts = []
        for entry in self.services[name].get("volumes") or []:
            if isinstance(entry, dict):
                source, target = entry.get("source"), entry["target"]
                named = entry.get("type", "volume") == "volume"
            else:
                source, target, *_mode = entry.split(":")
                named = not source.startswith((".", "/", "~"))
            mounts.append((source, target, named))
        return mounts

    def published_ports(self, name):
        """The container ports the service publishes on the host."""
        ports = set()
        for entry in self.services[name].get("ports") or []:
            if isinstance(entry, dict):
                ports.add(int(entry["target"]))
            else:
                ports.add(int(str(entry).split("/")[0].rsplit(":", 1)[-1]))
        return ports

    def service_with_image(self, *images):
        return [name for name in self.services if self.image(name) in images]


# The machine's servers ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_available():
    try:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            return True
    except Exception:
        return False


def redis_available():
    try:
        import redis

        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_timeout=3).ping())
    except Exception:
        return False


@dataclass
class Process:
    popen: subprocess.Popen
    log: Path
    started: float


class Box:
    """The project's services run on this machine, each in a root folder of its own under `folder`."""

    def __init__(self, project, folder, *, stand_ins=None):
        self.project = project
        # service -> a port on this machine that answers for all of that service's ports
        self.stand_ins = stand_ins or {}
        self.folder = Path(folder)
        self.ports = {}  # (service, container port) -> port on this machine
        self.processes = {}
        self.volumes = {}  # name -> folder
        self.up_services = set()
        self.unhealthy = {}  # service -> why it never became healthy, so that later tests fail at once
        self.venv_bin = str(Path(sys.executable).parent)
        self._lock = None
        self._owns_database = False

    # Life cycle

    def __enter__(self):
        self._lock = open(LOCK_FILE, "w")  # noqa: SIM115 - held for the box's life
        deadline = time.monotonic() + 300
        while True:  # one box per machine at a time: the database and the Redis index are shared
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ComposeError(f"another compose test has held {LOCK_FILE} for 5 minutes") from None
                time.sleep(1)
        self._reset_servers()
        self._owns_database = True
        return self

    def __exit__(self, *exc):
        self.down()
        return False

    def down(self):
        for name in self.processes:  # all at once, then wait for each: a quicker teardown
            self._signal(name, signal.SIGTERM)
        for name in reversed(list(self.processes)):
            self.stop(name)
        if self._owns_database:
            with contextlib.suppress(Exception):
                self._drop_database()
            self._owns_database = False
        if self._lock:
            self._lock.close()
            self._lock = None

    def stop(self, name):
        """As `docker compose stop`: SIGTERM to the service's processes, SIGKILL after 10 s."""
        process = self.processes.pop(name, None)
        if process is None:
            return
        self._signal(name, signal.SIGTERM, process)
        try:
            process.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._signal(name, signal.SIGKILL, process)
            process.popen.wait(timeout=5)

    def _signal(self, name, signum, process=None):
        process = process or self.processes[name]
        # The whole session: sh, what it left running in the background, gunicorn's workers; even when the
        # first process has exited, its children may not have.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.popen.pid, signum)

    def _reset_servers(self):
        import psycopg
        import redis

        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {LOCAL_DATABASE} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {LOCAL_DATABASE}")
        # compose's redis keeps nothing on disk, so it starts empty every time.
        redis.Redis(host="127.0.0.1", port=6379, db=LOCAL_REDIS_INDEX).flushdb()

    def _drop_database(self):
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {LOCAL_DATABASE} WITH (FORCE)")

    # Mapping container things to this machine

    def port(self, service, container_port):
        key = (service, int(container_port))
        if service in self.stand_ins:
            return self.stand_ins[service]
        if key not in self.ports:
            if self.project.image(service) in {"postgres", "redis"}:
                self.ports[key] = int(container_port)  # the machine's own server
            else:
                self.ports[key] = free_port()
        return self.ports[key]

    def root(self, service):
        return self.folder / "containers" / service

    def native_path(self, service, container_path):
        return self.root(service) / str(container_path).lstrip("/")

    def user(self, service):
        if self.project.image(service) == "build":
            return self.project.dockerfile.user
        return "root"

    def container_path(self, service, native_path):
        """The container path of a path under the service's root folder (not resolved through mounts)."""
        return "/" + Path(native_path).relative_to(self.root(service)).as_posix()

    def localize(self, service, text):
        """A string of the service's (environment value, command word) as it must read on this machine."""
        text = self.localize_addresses(service, text)
        if text.startswith("/") and not text.startswith("//"):
            text = str(self.native_path(service, text))
        return text

    def localize_command(self, service, argv):
        """A command's words as on this machine; the program is this machine's (python, sh, caddy)."""
        program, *args = argv
        return [self.localize_addresses(service, program), *(self.localize(service, word) for word in args)]

    def localize_addresses(self, service, text):
        """Service host names, ports and the database's and cache's URLs in `text`, as on this machine."""
        return _ADDRESS.sub(lambda match: self._localize_address(service, match), text)

    def _localize_address(self, service, match):
        host = match.group("db_host") or match.group("cache_host") or match.group("host")
        if match.group("db_host") and host in self.project.service_with_image("postgres"):
            env = self.project.environment(host)
            expected = {
                "user": env.get("POSTGRES_USER", "postgres"),
                "password": env.get("POSTGRES_PASSWORD", ""),
                "name": env.get("POSTGRES_DB") or env.get("POSTGRES_USER", "postgres"),
            }
            found = {
                "user": match.group("user"),
                "password": match.group("password") or "",
                "name": match.group("name"),
            }
            if found != expected:
                raise ComposeError(
                    f"{match.group(0)} does not name the database the {host} service creates "
                    f"(user {expected['user']}, database {expected['name']}, its POSTGRES_PASSWORD)"
                )
            return f"postgres://postgres@127.0.0.1:5432/{LOCAL_DATABASE}"
        if match.group("cache_host") and host in self.project.service_with_image("redis"):
            return f"redis://127.0.0.1:6379/{LOCAL_REDIS_INDEX + int(match.group('index') or 0)}"
        if match.group("host") is None:
            return match.group(0)  # a URL of a server outside the project
        port = int(match.group("port"))
        if host in self.project.services:
            return f"127.0.0.1:{self.port(host, port)}"
        if host in LOOPBACK and ((service, port) in self.ports or self.project.image(service) == "build"):
            return f"127.0.0.1:{self.port(service, port)}"  # the container's own port
        return match.group(0)

    def environment(self, service):
        env = {
            "PATH": f"{self.venv_bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": self.project.dockerfile.homes.get(self.user(service), "/root"),
        }
        env.update(self.project.environment(service))
        return {key: self.localize(service, value) if key != "PATH" else value for key, value in env.items()}

    # Container roots

    def _build_root(self, service):
        root = self.root(service)
        if root.exists():
            return
        root.mkdir(parents=True)
        if self.project.image(service) == "build":
            self._build_image(service)
        for directory in ("tmp", "root"):
            (root / directory).mkdir(exist_ok=True)
        home = self.native_path(service, self.project.dockerfile.homes.get(self.user(service), "/root"))
        home.mkdir(parents=True, exist_ok=True)
        for source, target, named in self.project.mounts(service):
            self._mount(service, source, target, named)

    def _build_image(self, service):
        image = self.project.dockerfile
        context = self.project.directory
        patterns = dockerignore_patterns(context)
        self.native_path(service, image.workdir).mkdir(parents=True, exist_ok=True)

        def ignore(directory, names):
            relative = Path(directory).relative_to(context).as_posix()
            prefix = "" if relative == "." else relative + "/"
            return {name for name in names if ignored(prefix + name, patterns)}

        for source, destination in image.copies:
            target = self.native_path(service, destination)
            origin = context / source
            if origin.is_dir():
                shutil.copytree(origin, target, ignore=ignore, dirs_exist_ok=True, symlinks=True)
            elif not ignored(source, patterns):
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, target)
        for folder in image.made:
            self.native_path(service, folder).mkdir(parents=True, exist_ok=True)

    def _mount(self, service, source, target, named):
        at = self.native_path(service, target)
        if named:
            volume = self.volumes.get(source)
            if volume is None:
                volume = self.volumes[source] = self.folder / "volumes" / source
                volume.parent.mkdir(parents=True, exist_ok=True)
                if at.is_dir():  # a new volume takes the folder's content
                    shutil.copytree(at, volume, symlinks=True)
                else:
                    volume.mkdir()
        else:
            volume = (self.project.directory / source).resolve()
            if not volume.exists():
                raise ComposeError(f"service {service}: the bind mount's source {source} does not exist")
        if at.is_dir() and not at.is_symlink():
            shutil.rmtree(at)
        elif at.exists() or at.is_symlink():
            at.unlink()
        at.parent.mkdir(parents=True, exist_ok=True)
        at.symlink_to(volume)

    # Running

    def up(self, service, *, with_dependencies=True, timeout=90):
        """Starts the service after what it depends on, as `docker compose up` does; returns once started.

        Without dependencies, as `docker compose up --no-deps`."""
        if service in self.up_services:
            return
        dependencies = self.project.dependencies(service) if with_dependencies else {}
        for other, condition in dependencies.items():
            self.up(other, timeout=timeout)
            if condition == "service_healthy":
                self.wait_healthy(other, timeout=timeout)
            elif condition == "service_completed_successfully":
                self.processes[other].popen.wait(timeout=timeout)
        self._build_root(service)
        if self.project.image(service) in {"postgres", "redis"}:
            self.up_services.add(service)  # the machine's server stands in for the container
            return
        argv = self.localize_command(service, self.project.command(service))
        if self.project.image(service) == "caddy":
            argv = self._caddy_argv(service, argv)
        log = self.folder / "logs" / f"{service}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "wb") as output:
            popen = subprocess.Popen(
                argv,
                cwd=self._workdir(service),
                env=self.environment(service),
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.processes[service] = Process(popen, log, time.monotonic())
        self.up_services.add(service)

    def _workdir(self, service):
        if self.project.image(service) == "build":
            return self.native_path(service, self.project.dockerfile.workdir)
        return self.root(service)

    def exec(self, service, argv, *, timeout=60):
        """`docker compose exec service argv...`: the service's environment and working folder."""
        return subprocess.run(
            self.localize_command(service, argv),
            cwd=self._workdir(service),
            env=self.environment(service),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def healthcheck(self, service):
        """Runs the service's own health check command once; returns (passed, output)."""
        check = self.project.healthcheck(service)
        if check is None:
            return None
        argv, timeout = check
        try:
            result = self.exec(service, argv, timeout=timeout)
        except subprocess.TimeoutExpired:
            return False, f"timed out after {timeout} s"
        return result.returncode == 0, (result.stdout + result.stderr).strip()

    def wait_healthy(self, service, *, timeout=90):
        if service in self.unhealthy:
            raise ComposeError(self.unhealthy[service])
        deadline = time.monotonic() + timeout
        last = ""
        while True:
            self.assert_running(service)
            if not self._listening(service) and time.monotonic() < deadline:
                # The check cannot pass yet; running it now would only take CPU from the start.
                time.sleep(0.2)
                continue
            result = self.healthcheck(service)
            if result is None:
                raise ComposeError(f"something waits for {service} to be healthy, and it has no health check")
            passed, last = result
            if passed:
                return
            if time.monotonic() > deadline:
                self.unhealthy[service] = (
                    f"{service} did not pass its health check within {timeout} s; the check said: {last[-1500:]}"
                    f"\n--- {service}'s output:\n{self.log(service)}"
                )
                raise ComposeError(self.unhealthy[service])
            time.sleep(0.5)

    def _listening(self, service):
        """Whether each port of the service run here accepts connections (true when it has none)."""
        if service not in self.processes:
            return True
        for (owner, _container_port), port in self.ports.items():
            if owner != service:
                continue
            with socket.socket() as probe:
                probe.settimeout(0.5)
                if probe.connect_ex(("127.0.0.1", port)) != 0:
                    return False
        return True

    def assert_running(self, service):
        process = self.processes.get(service)
        if process is None:
            return
        code = process.popen.poll()
        if code is not None:
            raise ComposeError(
                f"{service} exited with code {code} (in Docker it would restart forever):\n{self.log(service)}"
            )

    def log(self, service, *, tail=4000):
        process = self.processes.get(service)
        if process is None or not process.log.exists():
            return ""
        return process.log.read_text(errors="replace")[-tail:]

    # The proxy

    def _caddy_argv(self, service, argv):
        """The service's caddy command, with a copy of its Caddyfile that runs here."""
        if "--config" not in argv:
            raise ComposeError(f"service {service}: caddy is run without --config")
        position = argv.index("--config") + 1
        original = Path(argv[position])
        text = original.read_text()
        options = (
            f"\tadmin off\n\thttp_port {self.port(service, 80)}\n\thttps_port {self.port(service, 443)}\n"
            "\tlocal_certs\n\tskip_install_trust\n"
        )
        lines = text.splitlines(keepends=True)
        first = next(
            (i for i, line in enumerate(lines) if line.strip() and not line.strip().startswith("#")), None
        )
        if first is not None and lines[first].strip() == "{":
            lines.insert(first + 1, options)
        else:
            lines.insert(0, "{\n" + options + "}\n")
        text = "".join(lines)
        text = re.sub(
            r"^(?P<directive>\s*root\s+(?:\S+\s+)?)(?P<path>/\S*)",
            lambda match: match.group("directive") + str(self.native_path(service, match.group("path"))),
            text,
            flags=re.MULTILINE,
        )
        text = "\n".join(
            line if line.strip().startswith("#") else self.localize_addresses(service, line)
            for line in text.split("\n")
        )
        copy = self.folder / f"{service}.Caddyfile"
        copy.write_text(text)
        return [*argv[:position], str(copy), *argv[position + 1 :]]

    def caddy_root_certificate(self, service):
        data = self.environment(service).get("XDG_DATA_HOME")
        return Path(data) / "caddy" / "pki" / "authorities" / "local" / "root.crt"


def filled_dotenv(example, folder):
    """`.env.example` with the test's own secrets where it leaves them empty: the owner's `.env`."""
    values = read_dotenv(example)
    lines = []
    for raw in Path(example).read_text().splitlines():
        key = raw.partition("=")[0].strip()
        if key in SECRETS and not values.get(key):
            raw = f"{key}={secrets.token_urlsafe(48)}"
        lines.append(raw)
    path = Path(folder) / ".env"
    path.write_text("\n".join(lines) + "\n")
    return path
