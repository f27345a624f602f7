import { sourceInFinal } from '../../server/src/rules/source-in-final';
import { ruleTester } from '../support/rule-tester';
import { contextEnv } from '../support/virtual-context';

const lines = (...text: string[]) => text.map((line) => line + '\n').join('');

const GO_BUILD = ['FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server'];

ruleTester(sourceInFinal, {
  valid: [
    // Only the artifact (and runtime files) in the final stage.
    lines(...GO_BUILD, 'FROM alpine:3.20', 'COPY --from=build /out/server /usr/local/bin/server', 'COPY templates /app/templates', 'ENTRYPOINT ["server"]'),
    // Interpreted runtimes: the sources are the application.
    lines('FROM golang:1.22 AS tool', 'RUN go build -o /tool ./cmd/tool', 'FROM python:3.12-slim', 'WORKDIR /app', 'COPY --from=tool /tool /usr/local/bin/tool', 'COPY . .', 'CMD ["python", "app.py"]'),
    lines('FROM node:20 AS assets', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'COPY --from=assets /app/dist ./public', 'CMD ["node", "server.js"]'),
    // The command does not run the copied artifact.
    lines(...GO_BUILD, 'FROM alpine:3.20', 'WORKDIR /app', 'COPY . .', 'COPY --from=build /out/server /usr/local/bin/server', 'CMD ["./run.sh"]'),
    // The builder does not compile.
    lines('FROM alpine:3.20 AS fetch', 'RUN wget -O /tool https://example.com/tool', 'FROM alpine:3.20', 'WORKDIR /app', 'COPY --from=fetch /tool /usr/local/bin/tool', 'COPY . .', 'ENTRYPOINT ["tool"]'),
    // A context reduced to an allowlist by .dockerignore.
    {
      code: lines(...GO_BUILD, 'FROM alpine:3.20', 'WORKDIR /app', 'COPY . .', 'COPY --from=build /out/server /usr/local/bin/server', 'ENTRYPOINT ["server"]'),
      env: contextEnv({ '.dockerignore': '*\n!config/\n', 'config/app.yaml': '' }),
    },
    // A single stage (single-stage's business), and a part of the context.
    lines('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /server .', 'CMD ["/server"]'),
    lines(...GO_BUILD, 'FROM alpine:3.20', 'COPY config /etc/app', 'COPY --from=build /out/server /usr/local/bin/server', 'ENTRYPOINT ["server"]'),
  ],
  invalid: [
    {
      name: 'Go binary and the whole context in the runtime',
      code: lines(...GO_BUILD, 'FROM alpine:3.20', 'WORKDIR /app', 'COPY . .', 'COPY --from=build /out/server /usr/local/bin/server', 'ENTRYPOINT ["server"]'),
      errors: [{ line: 7, message: /copies the whole build context.*stage 'build' compiles the application \('go build', line 4\)/ }],
      output: null,
    },
    {
      name: 'java -jar the copied jar',
      code: lines('FROM maven:3.9-eclipse-temurin-21 AS build', 'WORKDIR /build', 'COPY . .', 'RUN mvn -B package', 'FROM eclipse-temurin:21-jre', 'WORKDIR /app', 'COPY . .', 'COPY --from=build /build/target/app.jar app.jar', 'CMD ["java", "-jar", "app.jar"]'),
      errors: [{ line: 7, message: /'mvn package'/ }],
    },
    {
      name: 'dotnet the copied dll',
      code: lines('FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build', 'WORKDIR /src', 'COPY . .', 'RUN dotnet publish -c Release -o /app', 'FROM mcr.microsoft.com/dotnet/aspnet:8.0', 'WORKDIR /app', 'COPY --from=build /app .', 'ADD . /src', 'ENTRYPOINT ["dotnet", "Api.dll"]'),
      errors: [{ line: 8 }],
    },
    {
      name: 'TypeScript compiled with tsc, node runs the output',
      code: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npx tsc', 'FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'COPY --from=build /app/dist ./dist', 'CMD ["node", "dist/index.js"]'),
      errors: [{ line: 7, message: /'tsc'/ }],
    },
    {
      name: 'npm run build that is tsc, known from the context',
      code: lines('FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'FROM node:20-slim', 'WORKDIR /app', 'COPY ./ ./', 'COPY --from=build /app/dist ./dist', 'CMD ["node", "dist/main.js"]'),
      env: contextEnv({ 'package.json': JSON.stringify({ scripts: { build: 'tsc -p tsconfig.build.json' } }), 'package-lock.json': '{}' }),
      errors: [{ line: 7 }],
    },
    {
      name: 'Rust binary run from the WORKDIR',
      code: lines('FROM rust:1.80 AS build', 'WORKDIR /usr/src/app', 'COPY . .', 'RUN cargo build --release', 'FROM debian:bookworm-slim', 'WORKDIR /app', 'COPY . .', 'COPY --from=build /usr/src/app/target/release/app /app/app', 'CMD ["./app"]'),
      errors: [{ line: 7 }],
    },
  ],
});
