// The text of the «Política de privacidad» (Ley N° 29733, Ley de Protección de Datos Personales,
// and its regulation), cited by clause 6 of the terms of use. Text only, no DOM: `privacy.js`
// draws it at /privacidad and in the registration form's dialog.
//
// The retention figures say what the code does: sessions (chalicelib/domain/auth/sessions.py:
// 15 idle minutes, 12 hours, 30 days when remembered, 10 hours for staff; then DynamoDB's TTL),
// audit records (chalicelib/domain/shared/audit.py: RETENTION_DAYS = 3650), the PDFs (the
// reports bucket's one-day lifecycle rule, infra/stacks/stateful.py). Change them together.

export const PRIVACY_VERSION = '1.0';
export const PRIVACY_UPDATED = 'Diciembre 2026';

/** Each section: {id, title, paragraphs?: [text], items?: [text], after?: [text]}. */
export const PRIVACY_SECTIONS = Object.freeze([
  {
    id: 'responsable',
    title: '1. Quién es responsable de tus datos',
    paragraphs: [
      'La Cooperativa de Ahorro y Crédito PETROPERÚ (COOPAC PETROPERÚ) es la responsable del ' +
        'tratamiento de los datos personales que se usan en el Portal del Socio, conforme a la ' +
        'Ley N° 29733, Ley de Protección de Datos Personales, y a su Reglamento.',
      'Esta política explica qué datos tratamos, para qué, por cuánto tiempo, con quién los ' +
        'compartimos y cómo puedes ejercer tus derechos.',
    ],
  },
  {
    id: 'datos',
    title: '2. Qué datos tratamos',
    items: [
      'Datos de identificación: nombres y apellidos, DNI y fecha de nacimiento, tomados del ' +
        'padrón de socios de la cooperativa.',
      'Datos de contacto: tu correo electrónico.',
      'Datos de tus productos: aportes, ahorros, depósitos a plazo fijo, préstamos, CTS, ' +
        'beneficio familiar y sus movimientos, tal como los registra el sistema central de la ' +
        'cooperativa.',
      'Lo que tú escribes en el portal: solicitudes de crédito, mensajes del buzón y pedidos de ' +
        'cambio de beneficiarios.',
      'Datos de seguridad: tus sesiones (fecha, dirección IP y navegador), los registros de ' +
        'auditoría de las operaciones y, si la activas, la configuración de la verificación en ' +
        'dos pasos (2FA).',
    ],
  },
  {
    id: 'finalidades',
    title: '3. Para qué los usamos',
    items: [
      'Darte acceso a la información de tus productos y a los servicios del portal.',
      'Atender tus solicitudes de crédito, tus mensajes del buzón y tus pedidos de cambio de ' +
        'beneficiarios.',
      'Proteger tu cuenta y prevenir fraudes y accesos no autorizados.',
      'Cumplir las obligaciones legales y regulatorias de la cooperativa.',
    ],
    after: [
      'No usamos tus datos para publicidad ni los vendemos a terceros.',
    ],
  },
  {
    id: 'conservacion',
    title: '4. Por cuánto tiempo los conservamos',
    items: [
      'Sesiones: terminan tras 15 minutos sin actividad y, como máximo, 12 horas después de ' +
        'iniciar sesión (30 días si eliges «Recordar sesión»; 10 horas para el personal). Al ' +
        'terminar se eliminan automáticamente.',
      'Navegadores desde los que inicias sesión (guardamos solo una huella de su identificador): los ' +
        'recordamos 180 días desde tu último inicio de sesión en cada uno, para avisarte por ' +
        'correo de un inicio de sesión desde un navegador nuevo, y luego se eliminan ' +
        'automáticamente.',
      'Registros de auditoría (incluyen la dirección IP y el navegador): se conservan 10 años y ' +
        'luego se eliminan automáticamente.',
      'Reportes PDF que descargas: el archivo se elimina al día siguiente de generarse.',
      'Tu archivo «Mis datos»: se elimina al día siguiente de prepararse, y el enlace de ' +
        'descarga vence a los 10 minutos.',
      'Hojas del Libro de Reclamaciones (tus datos de contacto, el detalle, tu pedido y la ' +
        'respuesta): se conservan al menos 2 años desde la respuesta, como exige su Reglamento, y ' +
        'luego se eliminan automáticamente.',
      'Enlaces de activación, recuperación de contraseña y cambio de correo: vencen y se ' +
        'eliminan automáticamente.',
      'Tu cuenta, tus productos y movimientos, tus solicitudes, mensajes y pedidos de cambio de ' +
        'beneficiarios: mientras seas socio y luego por los plazos legales.',
    ],
  },
  {
    id: 'destinatarios',
    title: '5. Quién recibe tus datos',
    items: [
      'El personal de la cooperativa, solo según su rol: los operadores ven los casos que se ' +
        'les asignan y los administradores lo necesario para gestionar el portal.',
      'Los proveedores que alojan la plataforma (servicios de nube) y los que envían los ' +
        'correos electrónicos, bajo contrato y solo para prestar ese servicio.',
      'Las autoridades, cuando la ley lo exige.',
    ],
  },
  {
    id: 'derechos',
    title: '6. Tus derechos y cómo ejercerlos',
    paragraphs: [
      'Puedes ejercer tus derechos de acceso, rectificación, cancelación y oposición (derechos ' +
        'ARCO) sobre tus datos personales.',
      'El derecho de acceso puedes ejercerlo tú mismo en el portal: en Configuración, ' +
        '«Descargar mis datos» prepara un archivo con tus datos personales.',
      'Para hacerlo, envía tu solicitud por el Buzón del portal o preséntala en cualquier ' +
        'oficina de la cooperativa, indicando qué derecho ejerces y sobre qué datos. Te ' +
        'responderemos dentro de los plazos que establece el Reglamento de la Ley N° 29733.',
      'Si no estás conforme con la respuesta, puedes acudir a la Autoridad Nacional de ' +
        'Protección de Datos Personales.',
    ],
  },
  {
    id: 'seguridad',
    title: '7. Cómo protegemos tus datos',
    items: [
      'Toda la comunicación con el portal viaja cifrada (HTTPS).',
      'Las contraseñas se guardan con Argon2, un cálculo irreversible: nadie en la cooperativa ' +
        'puede verlas.',
      'Verificación en dos pasos (2FA) disponible para los socios y obligatoria para el personal.',
      'Acceso por rol: cada socio ve solo sus datos y el personal solo lo que su función requiere.',
      'Las operaciones quedan registradas en la auditoría.',
    ],
  },
  {
    id: 'cookies',
    title: '8. Cookies',
    paragraphs: [
      'El portal usa dos cookies, ambas estrictamente necesarias: la de tu sesión, para ' +
        'mantenerte conectado de forma segura, y la de tu navegador (un identificador al azar que ' +
        'dura 180 días), para reconocerlo y avisarte por correo cuando se inicia sesión en tu ' +
        'cuenta desde otro navegador. No usamos cookies de seguimiento, analítica ni publicidad.',
    ],
  },
  {
    id: 'cambios',
    title: '9. Cambios a esta política',
    paragraphs: [
      'Si cambiamos esta política, publicaremos la nueva versión en esta página con su fecha.',
    ],
  },
]);
