// A vitest reporter that keeps, in one small JSON file per project and target, the test files
// and tests running right now. When a target passes its deadline, tools/test-all.mjs reads it
// to say which file (and which test or hook) hung, after it has killed the target's processes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

export class RunningTestsReporter implements Reporter {
  private readonly files = new Set<string>();
  /** files handed to a worker whose tests have not started: being imported (slow under load) */
  private readonly loading = new Set<string>();
  private readonly tests = new Map<string, string>();

  constructor(
    private readonly outputFile: string,
    private readonly root: string,
  ) {
    mkdirSync(dirname(outputFile), { recursive: true });
    this.write();
  }

  onTestModuleQueued(testModule: TestModule): void {
    this.loading.add(relative(this.root, testModule.moduleId));
    this.write();
  }

  onTestModuleStart(testModule: TestModule): void {
    this.loading.delete(relative(this.root, testModule.moduleId));
    this.files.add(relative(this.root, testModule.moduleId));
    this.write();
  }

  onTestModuleEnd(testModule: TestModule): void {
    this.loading.delete(relative(this.root, testModule.moduleId));
    this.files.delete(relative(this.root, testModule.moduleId));
    this.write();
  }

  onTestCaseReady(testCase: TestCase): void {
    this.tests.set(testCase.id, `${relative(this.root, testCase.module.moduleId)} > ${testCase.fullName}`);
    this.write();
  }

  onTestCaseResult(testCase: TestCase): void {
    this.tests.delete(testCase.id);
    this.write();
  }

  // Synchronous on purpose: a hung worker must not leave the file one event behind.
  private write(): void {
    writeFileSync(this.outputFile, JSON.stringify({ files: [...this.files], loading: [...this.loading], tests: [...this.tests.values()] }));
  }
}
