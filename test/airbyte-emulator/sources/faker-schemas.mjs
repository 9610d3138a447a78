// Stream schemas of Airbyte's source-faker (../shared/airbyte-catalogs/source-faker/schemas), shipped with the
// connector as Airbyte connectors ship theirs.
export const FAKER_SCHEMAS = {
	'users': {
	 '$schema': 'http://json-schema.org/draft-07/schema#',
	 'type': 'object',
	 'properties': {
	  'id': {
	   'type': 'number'
	  },
	  'created_at': {
	   'type': 'string',
	   'format': 'date-time',
	   'airbyte_type': 'timestamp_with_timezone'
	  },
	  'updated_at': {
	   'type': 'string',
	   'format': 'date-time',
	   'airbyte_type': 'timestamp_with_timezone'
	  },
	  'name': {
	   'type': 'string'
	  },
	  'title': {
	   'type': 'string'
	  },
	  'age': {
	   'type': 'integer'
	  },
	  'email': {
	   'type': 'string'
	  },
	  'telephone': {
	   'type': 'string'
	  },
	  'gender': {
	   'type': 'string'
	  },
	  'language': {
	   'type': 'string'
	  },
	  'academic_degree': {
	   'type': 'string'
	  },
	  'nationality': {
	   'type': 'string'
	  },
	  'occupation': {
	   'type': 'string'
	  },
	  'height': {
	   'type': 'string'
	  },
	  'blood_type': {
	   'type': 'string'
	  },
	  'weight': {
	   'type': 'integer'
	  }
	 }
	},
	'products': {
	 '$schema': 'http://json-schema.org/draft-07/schema#',
	 'type': 'object',
	 'properties': {
	  'id': {
	   'type': 'number'
	  },
	  'make': {
	   'type': 'string'
	  },
	  'model': {
	   'type': 'string'
	  },
	  'year': {
	   'type': 'number'
	  },
	  'price': {
	   'type': 'number'
	  },
	  'created_at': {
	   'type': 'string',
	   'format': 'date-time',
	   'airbyte_type': 'timestamp_with_timezone'
	  }
	 }
	},
	'purchases': {
	 '$schema': 'http://json-schema.org/draft-07/schema#',
	 'type': 'object',
	 'properties': {
	  'id': {
	   'type': 'number'
	  },
	  'user_id': {
	   'type': 'number'
	  },
	  'product_id': {
	   'type': 'number'
	  },
	  'added_to_cart_at': {
	   'type': [
	    'null',
	    'string'
	   ],
	   'format': 'date-time',
	   'airbyte_type': 'timestamp_with_timezone'
	  },
	  'purchased_at': {
	   'type': [
	    'null',
	    'string'
	   ],
	   'format': 'date-time',
	   'airbyte_type': 'timestamp_with_timezone'
	  },
	  'returned_at': {
	   'type': [
	    'null',
	    'string'
	   ],
	   'format': 'date-time',
	   'airbyte_type': 'timestamp_with_timezone'
	  }
	 }
	}
};
