import 'dart:io';

Future<SecureSocket> rawSocket() => SecureSocket.connect(
      'records.clinic.example',
      443,
    );
