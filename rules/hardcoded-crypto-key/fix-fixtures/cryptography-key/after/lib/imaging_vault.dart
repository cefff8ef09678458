import 'dart:convert';

import 'package:cryptography/cryptography.dart';
import 'package:imaging/security/phi_vault.dart';

class ImagingVault {
  static Future<SecretKey> get _imagingKey async => SecretKey(await PhiVault.secretBytes('imaging_vault_imaging_key'));
  static final _algorithm = AesGcm.with256bits();

  Future<SecretBox> seal(List<int> scan) async {
    return _algorithm.encrypt(scan, secretKey: await _imagingKey);
  }

  Future<List<int>> open(SecretBox box) async {
    final key = await _imagingKey;
    return _algorithm.decrypt(box, secretKey: key);
  }
}
