import path from 'node:path';
import { describeDomainImportGuard } from '../../../tests/support/domain-import-guard.ts';

describeDomainImportGuard('loyalty', path.resolve(import.meta.dirname, '..'));
