import { goStatic } from '../../server/src/rules/go-static';
import { ruleTester } from '../support/rule-tester';

const runtime = (from: string, copy = 'COPY --from=build /out/app /app') => `\nFROM ${from}\n${copy}\nENTRYPOINT ["/app"]\n`;

ruleTester(goStatic, {
  valid: [
    { name: 'CGO_ENABLED=0 prefix', code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n' + runtime('scratch') },
    { name: 'ENV in the build stage', code: 'FROM golang:1.22 AS build\nENV CGO_ENABLED=0\nRUN go build -o /out/app .\n' + runtime('scratch') },
    { name: 'ENV with other names', code: 'FROM golang:1.22 AS build\nENV GOOS=linux CGO_ENABLED=0\nRUN go build -o /out/app .\n' + runtime('gcr.io/distroless/static-debian12') },
    { name: 'ARG with default 0', code: 'FROM golang:1.22 AS build\nARG CGO_ENABLED=0\nRUN go build -o /out/app .\n' + runtime('scratch') },
    { name: 'ARG without default (known at build time only)', code: 'FROM golang:1.22 AS build\nARG CGO_ENABLED\nRUN go build -o /out/app .\n' + runtime('scratch') },
    { name: 'ENV in a parent stage', code: 'FROM golang:1.22 AS base\nENV CGO_ENABLED=0\nFROM base AS build\nRUN go build -o /out/app .\n' + runtime('scratch') },
    { name: 'export earlier in the RUN', code: 'FROM golang:1.22 AS build\nRUN export CGO_ENABLED=0 && go build -o /out/app .\n' + runtime('scratch') },
    { name: 'go env -w', code: 'FROM golang:1.22 AS build\nRUN go env -w CGO_ENABLED=0\nRUN go build -o /out/app .\n' + runtime('scratch') },
    { name: 'static external linking', code: 'FROM golang:1.22 AS build\nRUN go build -ldflags \'-linkmode external -extldflags "-static"\' -o /out/app .\n' + runtime('scratch') },
    { name: 'glibc runtime (distroless/base)', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\n' + runtime('gcr.io/distroless/base-debian12') },
    { name: 'glibc runtime (debian)', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\n' + runtime('debian:bookworm-slim') },
    { name: 'Alpine builder, Alpine runtime', code: 'FROM golang:1.22-alpine AS build\nRUN apk add --no-cache gcc musl-dev\nRUN go build -o /out/app .\n' + runtime('alpine:3.20') },
    { name: 'Alpine builder without a C compiler', code: 'FROM golang:1.22-alpine AS build\nRUN go build -o /out/app .\n' + runtime('scratch') },
    { name: 'copies assets, not the binary', code: 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN go build -o /out/app .\n' + runtime('scratch', 'COPY --from=build /src/static /static') },
    { name: 'copies from an image, not a stage', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\n' + runtime('scratch', 'COPY --from=golang:1.22 /usr/local/go/lib/time/zoneinfo.zip /zoneinfo.zip') },
    { name: 'several packages without -o build nothing', code: 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN go build ./...\n' + runtime('scratch', 'COPY --from=build /src/server /server') },
    { name: 'single stage', code: 'FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n' },
    {
      name: 'scratch export stage without CMD or ENTRYPOINT (docker build --output)',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch AS export\nCOPY --from=build /out/app /\n',
    },
    { name: 'CGO_ENABLED from a variable', code: 'FROM golang:1.22 AS build\nARG CGO=0\nENV CGO_ENABLED=${CGO}\nRUN go build -o /out/app .\n' + runtime('scratch') },
  ],
  invalid: [
    {
      name: 'distroless/static, absolute -o',
      code:
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app ./cmd/app\n\n' +
        'FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 4, message: /without CGO_ENABLED=0 .*distroless\/static-debian12 \(line 7\).*-ldflags="-s -w"/ }],
      output:
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n\n' +
        'FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'scratch, -o relative to WORKDIR and a cd',
      code: 'FROM golang:1.23 AS build\nWORKDIR /src\nRUN cd cmd && go build -o ../bin/server .\nFROM scratch\nCOPY --from=build /src/bin/server /server\nENTRYPOINT ["/server"]\n',
      errors: [{ line: 3 }],
      output: 'FROM golang:1.23 AS build\nWORKDIR /src\nRUN cd cmd && CGO_ENABLED=0 go build -o ../bin/server .\nFROM scratch\nCOPY --from=build /src/bin/server /server\nENTRYPOINT ["/server"]\n',
    },
    {
      name: 'Alpine runtime, Debian builder, folder copied',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /out/ ./cmd/...\nFROM alpine:3.20\nCOPY --from=build /out /usr/local/bin\n',
      errors: [{ line: 2, message: /glibc, which Alpine \(musl\)/ }],
      output: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/ ./cmd/...\nFROM alpine:3.20\nCOPY --from=build /out /usr/local/bin\n',
    },
    {
      name: 'glob copy',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/* /\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 2 }],
      output: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/* /\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'exec-form RUN gets an ENV line',
      code: 'FROM golang:1.22 AS build\nRUN ["go", "build", "-o", "/out/app", "."]\n' + runtime('scratch'),
      errors: [{ line: 2 }],
      output: 'FROM golang:1.22 AS build\nENV CGO_ENABLED=0\nRUN ["go", "build", "-o", "/out/app", "."]\n' + runtime('scratch'),
    },
    {
      name: 'explicit CGO_ENABLED=1 has no fix',
      code: 'FROM golang:1.22 AS build\nENV CGO_ENABLED=1\nRUN go build -o /out/app .\n' + runtime('scratch'),
      errors: [{ line: 3, message: /with CGO_ENABLED=1/ }],
      output: null,
    },
    {
      name: 'go install into /go/bin',
      code: 'FROM golang:1.22 AS build\nRUN go install example.com/tool@v1.2.3\nFROM scratch\nCOPY --from=build /go/bin/tool /tool\nENTRYPOINT ["/tool"]\n',
      errors: [{ line: 2, message: /'go install'/ }],
      output: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go install example.com/tool@v1.2.3\nFROM scratch\nCOPY --from=build /go/bin/tool /tool\nENTRYPOINT ["/tool"]\n',
    },
    {
      name: 'go build without -o names the binary after the package',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN go build\nFROM scratch\nCOPY --from=build /src/server /server\nENTRYPOINT ["/server"]\n',
      errors: [{ line: 3 }],
      output: 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN CGO_ENABLED=0 go build\nFROM scratch\nCOPY --from=build /src/server /server\nENTRYPOINT ["/server"]\n',
    },
    {
      name: 'relative -o without WORKDIR lands in /go',
      code: 'FROM golang:1.22 AS build\nRUN go build -o app .\nFROM scratch\nCOPY --from=build /go/app /app\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 2 }],
      output: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o app .\nFROM scratch\nCOPY --from=build /go/app /app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'other assignments stay',
      code: 'FROM golang:1.22 AS build\nRUN GOOS=linux GOARCH=amd64 go build -ldflags="-s -w" -o /out/app .\n' + runtime('scratch'),
      errors: [{ line: 2 }],
      output: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -ldflags="-s -w" -o /out/app .\n' + runtime('scratch'),
    },
    {
      name: 'env wrapper takes the assignment',
      code: 'FROM golang:1.22 AS build\nRUN env GOOS=linux go build -o /out/app .\n' + runtime('scratch'),
      errors: [{ line: 2 }],
      output: 'FROM golang:1.22 AS build\nRUN env GOOS=linux CGO_ENABLED=0 go build -o /out/app .\n' + runtime('scratch'),
    },
    {
      name: 'Alpine builder with gcc installed, scratch runtime',
      code: 'FROM golang:1.22-alpine AS build\nRUN apk add --no-cache build-base\nRUN go build -o /out/app .\n' + runtime('scratch'),
      errors: [{ line: 3 }],
      output: 'FROM golang:1.22-alpine AS build\nRUN apk add --no-cache build-base\nRUN CGO_ENABLED=0 go build -o /out/app .\n' + runtime('scratch'),
    },
    {
      name: 'continuation lines, cache mount, runtime stage built FROM a scratch-based stage',
      code:
        'FROM golang:1.22 AS build\nWORKDIR /src\nRUN --mount=type=cache,target=/root/.cache/go-build \\\n    go mod download && \\\n    go build -trimpath -o /out/app .\n' +
        'FROM scratch AS base\nCOPY ca.pem /etc/ssl/ca.pem\nCMD ["/app"]\nFROM base\nCOPY --from=build /out/app /app\n',
      errors: [{ line: 5 }],
      output:
        'FROM golang:1.22 AS build\nWORKDIR /src\nRUN --mount=type=cache,target=/root/.cache/go-build \\\n    go mod download && \\\n    CGO_ENABLED=0 go build -trimpath -o /out/app .\n' +
        'FROM scratch AS base\nCOPY ca.pem /etc/ssl/ca.pem\nCMD ["/app"]\nFROM base\nCOPY --from=build /out/app /app\n',
    },
    {
      name: 'one finding for a binary copied twice',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch AS a\nCOPY --from=build /out/app /app\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n',
      errors: [{ line: 2 }],
      output: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch AS a\nCOPY --from=build /out/app /app\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n',
    },
  ],
});
