import { rootHomeNonRoot } from '../../server/src/rules/root-home-non-root';
import { ruleTester } from '../support/rule-tester';

const lines = (...text: string[]) => text.map((line) => line + '\n').join('');

const BUILDER = ['FROM python:3.12 AS builder', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install --user --no-cache-dir -r requirements.txt'];

ruleTester(rootHomeNonRoot, {
  valid: [
    // Root may read /root.
    lines(...BUILDER, 'FROM python:3.12-slim', 'COPY --from=builder /root/.local /root/.local', 'ENV PATH=/root/.local/bin:$PATH', 'CMD ["gunicorn", "app:app"]'),
    lines(...BUILDER, 'FROM python:3.12-slim', 'COPY --from=builder /root/.local /root/.local', 'USER root', 'CMD ["python", "app.py"]'),
    // Packages where every user can read them.
    lines('FROM python:3.12 AS builder', 'RUN python -m venv /opt/venv', 'ENV PATH=/opt/venv/bin:$PATH', 'RUN pip install -r requirements.txt', 'FROM python:3.12-slim', 'COPY --from=builder /opt/venv /opt/venv', 'ENV PATH=/opt/venv/bin:$PATH', 'USER nobody', 'CMD ["python", "app.py"]'),
    lines('FROM python:3.12 AS builder', 'RUN pip install --prefix=/install -r requirements.txt', 'FROM python:3.12-slim', 'COPY --from=builder /install /usr/local', 'USER nobody', 'CMD ["python", "app.py"]'),
    // The packages go to the user's own home.
    lines('FROM python:3.12-slim', 'RUN useradd -m app', 'USER app', 'RUN pip install --user flask', 'ENV PATH=/home/app/.local/bin:$PATH', 'CMD ["flask", "run"]'),
    lines('FROM python:3.12-slim', 'RUN useradd -m app', 'COPY --from=builder --chown=app /root/.local /home/app/.local', 'USER app', 'CMD ["python", "app.py"]'),
    // /root made readable.
    lines(...BUILDER, 'FROM python:3.12-slim', 'COPY --from=builder /root/.local /root/.local', 'RUN chmod 755 /root', 'USER nobody', 'CMD ["python", "app.py"]'),
    lines('FROM python:3.12-slim', 'RUN pip install --user flask && chown -R app /root', 'USER app', 'CMD ["flask", "run"]'),
    // Unknown user, scratch and unknown bases.
    lines(...BUILDER, 'FROM python:3.12-slim', 'ARG UID', 'COPY --from=builder /root/.local /root/.local', 'USER ${UID}', 'CMD ["python", "app.py"]'),
    lines('FROM golang:1.22 AS build', 'RUN go build -o /root/app .', 'FROM scratch', 'COPY --from=build /root/app /root/app', 'USER 65532', 'ENTRYPOINT ["/root/app"]'),
    lines('FROM registry.example.com/base/python:3.12', 'RUN pip install --user flask', 'USER 1001', 'CMD ["flask", "run"]'),
    // A PATH entry for another folder; files under /root nothing uses.
    lines('FROM node:20-slim', 'COPY .bashrc /root/.bashrc', 'USER node', 'CMD ["node", "index.js"]'),
  ],
  invalid: [
    {
      name: 'pip install --user in a builder, /root/.local copied, USER app',
      code: lines(...BUILDER, 'FROM python:3.12-slim', 'RUN useradd -r app', 'COPY --from=builder /root/.local /root/.local', 'ENV PATH=/root/.local/bin:$PATH', 'USER app', 'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]'),
      errors: [{ line: 7, message: /runs as 'app', who cannot enter \/root.*COPY puts packages in \/root\/\.local \(line 7\)/ }],
      output: lines(
        'FROM python:3.12 AS builder', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install --prefix=/install --no-cache-dir -r requirements.txt',
        'FROM python:3.12-slim', 'RUN useradd -r app', 'COPY --from=builder /install /usr/local', 'ENV PATH=/usr/local/bin:$PATH', 'USER app', 'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]',
      ),
    },
    {
      name: 'copied with --chown: /root itself stays closed; the command under /root/.local/bin',
      code: lines(...BUILDER, 'FROM python:3.12-slim', 'RUN adduser --system app', 'COPY --from=builder --chown=app:app /root/.local /root/.local', 'USER app', 'ENTRYPOINT ["/root/.local/bin/uvicorn", "main:app"]'),
      errors: [{ line: 7 }],
      output: lines(
        'FROM python:3.12 AS builder', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install --prefix=/install --no-cache-dir -r requirements.txt',
        'FROM python:3.12-slim', 'RUN adduser --system app', 'COPY --from=builder --chown=app:app /install /usr/local', 'USER app', 'ENTRYPOINT ["/usr/local/bin/uvicorn", "main:app"]',
      ),
    },
    {
      name: 'one stage: pip --user as root, then USER',
      code: lines('FROM python:3.11-slim', 'WORKDIR /app', 'COPY . .', 'RUN pip install --user -r requirements.txt', 'ENV PATH="/root/.local/bin:${PATH}"', 'RUN useradd app', 'USER app', 'CMD ["python", "main.py"]'),
      errors: [{ line: 4, message: /'pip install --user -r requirements\.txt' installed its packages into \/root\/\.local as root/ }],
      output: lines('FROM python:3.11-slim', 'WORKDIR /app', 'COPY . .', 'RUN pip install -r requirements.txt', 'ENV PATH="/usr/local/bin:${PATH}"', 'RUN useradd app', 'USER app', 'CMD ["python", "main.py"]'),
    },
    {
      name: 'a PATH into /root/.cargo/bin: flagged, no fix',
      code: lines('FROM rust:1.80', 'RUN cargo install ripgrep', 'ENV PATH=/root/.cargo/bin:$PATH', 'USER nobody', 'CMD ["rg", "--version"]'),
      errors: [{ line: 3, message: /PATH has \/root\/\.cargo\/bin/ }],
      output: null,
    },
    {
      name: 'the builder runs Python after its install: no fix',
      code: lines('FROM python:3.12 AS builder', 'RUN pip install --user -r requirements.txt', 'RUN python manage.py collectstatic', 'FROM python:3.12-slim', 'COPY --from=builder /root/.local /root/.local', 'USER nobody', 'CMD ["python", "app.py"]'),
      errors: [{ line: 5 }],
      output: null,
    },
    {
      name: 'different Python versions: no fix',
      code: lines('FROM python:3.11 AS builder', 'RUN pip install --user -r requirements.txt', 'FROM python:3.12-slim', 'COPY --from=builder /root/.local /root/.local', 'USER nobody', 'CMD ["python", "app.py"]'),
      errors: [{ line: 4 }],
      output: null,
    },
    {
      name: 'PYTHONPATH into /root: flagged, no fix',
      code: lines('FROM python:3.12-slim', 'ENV PYTHONPATH=/root/lib', 'USER nobody', 'CMD ["python", "-m", "app"]'),
      errors: [{ line: 2, message: /PYTHONPATH has \/root\/lib/ }],
      output: null,
    },
    {
      name: 'a USER set in a stage the final builds FROM',
      code: lines('FROM python:3.12-slim AS base', 'RUN pip install --user flask', 'USER nobody', 'FROM base', 'CMD ["python", "-m", "flask", "run"]'),
      errors: [{ line: 2 }],
      output: lines('FROM python:3.12-slim AS base', 'RUN pip install flask', 'USER nobody', 'FROM base', 'CMD ["python", "-m", "flask", "run"]'),
    },
  ],
});
